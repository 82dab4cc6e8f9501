#!/usr/bin/env bash
# docs/rules/ is generated from the rule files and their fixtures; this fails when a
# rule changed and `make docs` was not run, showing the difference.
# Usage: rule_docs_fresh_test.sh <path to built vouch> <vouch source checkout>
set -euo pipefail
vouch_bin=$(realpath "$1")
cd "$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$vouch_bin" rules docs --output "$work/rules" --rulepacks rulepacks >/dev/null
if ! diff -ru docs/rules "$work/rules" >"$work/diff.txt"; then
  head -n 80 "$work/diff.txt"
  echo "FAILED: docs/rules is stale; run \`make docs\` and commit the result"
  exit 1
fi
echo "docs/rules matches the rule files ($(ls docs/rules | wc -l) pages)"
