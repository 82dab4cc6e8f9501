#!/usr/bin/env bash
# Scans the bundled example and every rule fixture to SARIF, then validates the logs
# with the SARIF Multitool (SARIF spec and GitHub ingestion rules) and the SARIF 2.1.0
# JSON schema: 0 errors and 0 warnings allowed.
# Usage: validate_test.sh <path to built vouch> <vouch source checkout>
set -euo pipefail
vouch_bin=$(realpath "$1")
source_dir=$(realpath "$2")
validator="$source_dir/tools/sarif/validate.mjs"
if [ ! -x "$source_dir/tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
  echo "SKIPPED: SARIF tools not installed (run make test-tools)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$source_dir"
status=0
"$vouch_bin" scan fixtures/example --format sarif --output "$work/example.sarif" || status=$?
[ "$status" -le 3 ] || { echo "FAILED: vouch exited $status on the example"; exit 1; }
status=0
"$vouch_bin" scan rulepacks --format sarif --output "$work/rulepacks.sarif" || status=$?
[ "$status" -le 3 ] || { echo "FAILED: vouch exited $status on the rule fixtures"; exit 1; }
results=$(node -e 'let n=0;for(const f of process.argv.slice(1)){n+=JSON.parse(require("fs").readFileSync(f)).runs[0].results.length}console.log(n)' "$work/example.sarif" "$work/rulepacks.sarif")
if [ "$results" -lt 20 ]; then
  echo "FAILED: only $results results; the validation would prove little"
  exit 1
fi
echo "validating $results results"
node "$validator" "$work/example.sarif" "$work/rulepacks.sarif"
