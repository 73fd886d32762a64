#!/usr/bin/env bash
# Runs every benchmark section (bench/sections/NN-name.sh) in order; each writes
# bench/target/results/<name>.md, and this script joins them into bench/target/results/summary.md.
# Builds the jars first when they are missing (mvn -B -q package -DskipTests).
# BENCH_QUICK=1 shortens every section (a smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f bench/target/benchmarks.jar ]]; then
  mvn -B -q package -DskipTests
fi
mkdir -p bench/target/results
for section in bench/sections/[0-9][0-9]-*.sh; do
  echo "== $section"
  bash "$section"
done
{
  echo "# Benchmark results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs)"
  echo
  for section in bench/sections/[0-9][0-9]-*.sh; do
    name=$(basename "$section" .sh)
    name=${name#[0-9][0-9]-}
    if [[ -f bench/target/results/$name.md ]]; then
      cat "bench/target/results/$name.md"
      echo
    fi
  done
} > bench/target/results/summary.md
echo "wrote bench/target/results/summary.md"
