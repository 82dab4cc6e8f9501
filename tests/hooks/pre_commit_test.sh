#!/usr/bin/env bash
# Runs Debian's real `pre-commit` with vouch's .pre-commit-hooks.yaml against a
# temporary git repository, offline: a commit with a clean change passes, a commit
# that opens SSH to the internet is refused and the hook output names the rule.
# Usage: pre_commit_test.sh <path to built vouch> <vouch source checkout>
set -euo pipefail
vouch_bin=$(realpath "$1")
source_dir=$(realpath "$2")

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "SKIPPED: pre-commit is not installed (make test-tools installs it)"
  exit 77
fi
if ! git -C "$source_dir" rev-parse HEAD >/dev/null 2>&1; then
  echo "SKIPPED: $source_dir is not a git checkout with a commit; pre-commit needs a rev"
  exit 77
fi
rev=$(git -C "$source_dir" rev-parse HEAD)
if ! git -C "$source_dir" cat-file -e "$rev:.pre-commit-hooks.yaml" 2>/dev/null; then
  echo "FAILED: .pre-commit-hooks.yaml is not committed at $rev"
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" PRE_COMMIT_HOME="$work/pre-commit-cache" PATH="$(dirname "$vouch_bin"):$PATH"
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
mkdir -p "$HOME" "$work/infra"
cd "$work/infra"
git init -q -b main .
git config user.email ci@example.com
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $source_dir
    rev: $rev
    hooks:
      - id: vouch
YAML
git add .pre-commit-config.yaml
git commit -q -m "pre-commit config"
pre-commit install >/dev/null

# Existing debt, committed before the hook ran: later commits that do not touch this
# file must not be refused because of it, though it is in the same module.
mkdir network
cat > network/legacy.tf <<'HCL'
resource "aws_security_group" "legacy" {
  name = "legacy"
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
HCL
git add network/legacy.tf
git commit -q --no-verify -m "existing debt"

cat > network/main.tf <<'HCL'
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
HCL
git add network/main.tf
if ! git commit -q -m "a clean change" >"$work/pass.log" 2>&1; then
  cat "$work/pass.log"
  echo "FAILED: the clean commit was refused"
  exit 1
fi

cat > network/admin.tf <<'HCL'
resource "aws_security_group" "admin" {
  name = "admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
HCL
git add network/admin.tf
if git commit -q -m "open ssh to the world" >"$work/fail.log" 2>&1; then
  cat "$work/fail.log"
  echo "FAILED: the commit opening SSH to the internet was accepted"
  exit 1
fi
if ! grep -q "network/admin.tf" "$work/fail.log"; then
  cat "$work/fail.log"
  echo "FAILED: the refusal does not name the file"
  exit 1
fi
if grep -q "network/legacy.tf" "$work/fail.log"; then
  cat "$work/fail.log"
  echo "FAILED: findings were reported for a file the commit did not change"
  exit 1
fi
echo "pre-commit: clean commit beside old debt accepted, SSH-to-the-world commit refused"
