#!/usr/bin/env bash
# Benchmark: vouch over the Terraform part of the shared corpus, beside a parse-only
# pass over the same files (tree-sitter alone: the floor a scan cannot beat) and, when
# terraform is installed, `terraform fmt -check -recursive` on the same folders.
#
#   scripts/bench.sh <vouch-binary>         (make bench)
#
# Environment: VOUCH_CORPUS (default ../shared/corpus beside the project),
# BENCH_RUNS (best of N, default 3), BENCH_JOBS (--jobs, default 0 = all cores).
set -euo pipefail

vouch=${1:?usage: scripts/bench.sh <vouch-binary>}
[ -x "$vouch" ] || { echo "bench: $vouch is not an executable" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${VOUCH_CORPUS:-$here/../shared/corpus}
runs=${BENCH_RUNS:-3}
jobs=${BENCH_JOBS:-0}
[ -d "$corpus" ] || { echo "bench: corpus not found at $corpus (set VOUCH_CORPUS)" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd -P)  # no "/../": the hidden-folder filter below matches "/."

# The corpus folders that hold Terraform, and their .tf files (hidden folders skipped,
# as vouch skips them).
mapfile -t dirs < <(find "$corpus" -mindepth 1 -maxdepth 1 -type d | sort | while read -r d; do
  [ -n "$(find "$d" -name '*.tf' -not -path '*/.*' -print -quit)" ] && echo "$d"; done)
[ ${#dirs[@]} -gt 0 ] || { echo "bench: no Terraform under $corpus" >&2; exit 2; }
files=$(find "${dirs[@]}" -name '*.tf' -not -path '*/.*' | wc -l)
lines=$(find "${dirs[@]}" -name '*.tf' -not -path '*/.*' -print0 | xargs -0 cat | wc -l)

# Peak RSS needs GNU time (Debian package `time`); without it the column reads n/a.
gnu_time=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e' true >/dev/null 2>&1; then gnu_time=/usr/bin/time; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure <name> <command…>: best wall time of $runs runs, and the peak RSS of that run.
# Exit codes 0, 1 (findings) and 3 (some file did not parse) are normal results for a
# scan of real-world code; anything else stops the benchmark.
results=()
measure() {
  local name=$1; shift
  local best_wall="" best_rss="n/a" wall rss status
  for ((i = 0; i < runs; i++)); do
    status=0
    if [ -n "$gnu_time" ]; then
      "$gnu_time" -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
      # GNU time prefixes "Command exited with non-zero status N" on its own line.
      wall=$(tail -n 1 "$tmp/time" | cut -d' ' -f1); rss=$(tail -n 1 "$tmp/time" | cut -d' ' -f2)
    else
      local start end
      start=$(date +%s.%N)
      "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
      end=$(date +%s.%N)
      wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
      rss=""
    fi
    if [ "$name" != "terraform fmt -check" ] && [ "$status" -ne 0 ] && [ "$status" -ne 1 ] && [ "$status" -ne 3 ]; then
      echo "bench: '$name' failed with exit code $status:" >&2
      cat "$tmp/err" >&2
      exit 1
    fi
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall
      [ -n "$rss" ] && best_rss=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
    fi
  done
  results+=("$name|$best_wall|$best_rss")
}

# The full scan reads only Terraform here, so that every pass sees the same files.
measure "vouch scan" "$vouch" scan --jobs "$jobs" --format json --output "$tmp/report.json" \
  --exclude '*.yaml' --exclude '*.yml' --exclude '*.json' --exclude '*.template' "${dirs[@]}"
measure "vouch parse only" "$vouch" bench-parse --jobs "$jobs" "${dirs[@]}"
if command -v terraform >/dev/null 2>&1; then
  # fmt -check exits 3 when some file is not formatted: a result, not a failure.
  measure "terraform fmt -check" env TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -recursive "${dirs[@]}"
fi

echo "corpus: $corpus"
echo "terraform: $files .tf files, $lines lines, ${#dirs[@]} folders; best of $runs runs, --jobs $jobs ($(nproc) cores)"
printf '%-22s %10s %14s %15s\n' "pass" "wall (s)" "lines/s" "peak RSS (MiB)"
for row in "${results[@]}"; do
  IFS='|' read -r name wall rss <<<"$row"
  rate=$(awk -v l="$lines" -v w="$wall" 'BEGIN { if (w > 0) printf "%d", l / w; else print "-" }')
  printf '%-22s %10s %14s %15s\n' "$name" "$wall" "$rate" "$rss"
done
scan_wall=$(cut -d'|' -f2 <<<"${results[0]}")
parse_wall=$(cut -d'|' -f2 <<<"${results[1]}")
awk -v s="$scan_wall" -v p="$parse_wall" 'BEGIN { if (p > 0) printf "full scan / parse only: %.1fx\n", s / p }'
