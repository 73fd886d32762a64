#!/usr/bin/env bash
# Every benchmark section, in order: bench/sections/NN-name.sh, each writing
# bench/target/results/<name>.md; then bench/target/results/summary.md, all of them together.
# Expects `mvn -B -q package -DskipTests` done (a section builds what it needs when jars are missing).
# BENCH_QUICK=1 shortens every section (a smoke run, not a measurement).
# Usage: bench/run-all.sh [SECTION...]   (e.g. bench/run-all.sh 50-load; default: all)
set -uo pipefail
cd "$(dirname "$0")/.."
results=bench/target/results
mkdir -p "$results"
if [ $# -gt 0 ]; then
  sections=()
  for s in "$@"; do sections+=("bench/sections/${s%.sh}.sh"); done
else
  sections=(bench/sections/[0-9][0-9]-*.sh)
fi
failed=()
for section in "${sections[@]}"; do
  echo "== $section ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  bash "$section" || failed+=("$section")
done
{
  echo "# trustgate benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$(nproc) CPUs, $(java -version 2>&1 | head -1); BENCH_QUICK=${BENCH_QUICK:-0}; failed sections: ${failed[*]:-none}."
  for section in "${sections[@]}"; do
    name=$(basename "$section" .sh)
    name=${name#[0-9][0-9]-}
    echo
    if [ -f "$results/$name.md" ]; then cat "$results/$name.md"; else echo "($section wrote no $results/$name.md)"; fi
  done
} >"$results/summary.md"
echo "wrote $results/summary.md" >&2
[ ${#failed[@]} -eq 0 ]
