#!/usr/bin/env bash
# The one benchmark command (docs/benchmarks.md): runs every bench/sections/NN-name.sh in order;
# each writes bench/target/results/<name>.md, and they are concatenated into
# bench/target/results/summary.md. BENCH_QUICK=1 shortens every section (a smoke run).
# Sections build what they need when their jars are missing (mvn -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/target/results
status=0
for section in bench/sections/[0-9][0-9]-*.sh; do
  echo "== $section"
  bash "$section" || { echo "section $section failed" >&2; status=1; }
done
{
  echo "# trustgate benchmarks ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)${BENCH_QUICK:+, quick run})"
  for f in bench/target/results/*.md; do
    [ "$(basename "$f")" = summary.md ] && continue
    echo; cat "$f"
  done
} > bench/target/results/summary.md
echo "summary: bench/target/results/summary.md"
exit $status
