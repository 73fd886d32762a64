#!/usr/bin/env bash
# The JMH benchmarks (bench/src/main/java/io/trustgate/bench/*Benchmark.java), briefly:
# 2 warm-up and 3 measured iterations of 1 s, one fork each. Full run: about 5 minutes.
# BENCH_QUICK=1: 1 + 1 iterations, about 2 minutes. Writes bench/target/results/jmh.md.
# For the figures in docs/benchmarks.md run a benchmark alone with its own defaults
# (java -jar bench/target/benchmarks.jar NAME).
set -euo pipefail
cd "$(dirname "$0")/../.."
results=bench/target/results
mkdir -p "$results"
if [ ! -f bench/target/benchmarks.jar ]; then
  echo "building bench/target/benchmarks.jar: mvn -B -q package -DskipTests -pl bench -am" >&2
  mvn -B -q package -DskipTests -pl bench -am
fi
if [ "${BENCH_QUICK:-0}" = 1 ]; then iters=(-wi 1 -i 1); else iters=(-wi 2 -i 3); fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
java -jar bench/target/benchmarks.jar "${iters[@]}" -w 1s -r 1s -f 1 -rf json -rff "$results/jmh.json" >"$results/jmh.log"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$results/jmh.json" "$results/jmh.md" "$load_before" "$load_after" "${iters[*]}" "${BENCH_QUICK:-0}" <<'PY'
import json, sys
src, out, before, after, iters, quick = sys.argv[1:]
rows = json.load(open(src))
lines = ["## JMH (brief runs)", ""]
if quick == "1":
    lines += ["**BENCH_QUICK=1: a smoke run, not a measurement.**", ""]
lines += ["| benchmark | parameters | score | ± error (99.9 %) | unit |", "|---|---|---|---|---|"]
scores = {}
for r in rows:
    name = r["benchmark"].replace("io.trustgate.bench.", "")
    params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    m = r["primaryMetric"]
    scores[(name, params)] = m["score"]
    try:
        err = f"{float(m['scoreError']):.2g}"  # "NaN" (a string) with a single iteration
    except (TypeError, ValueError):
        err = "n/a"
    lines.append(f"| {name} | {params} | {float(m['score']):.3g} | {err} | {m['scoreUnit']} |")
ratios = []
for (name, params), score in scores.items():
    if "policies=1000" in params:
        one = scores.get((name, params.replace("policies=1000", "policies=1")))
        if one:
            ratios.append(f"{name} {params}: {score / one:.2f}× one policy (target ≤ 2×)")
lines += [""] + [f"- {r}" for r in ratios] + [
    f"- `java -jar bench/target/benchmarks.jar {iters} -w 1s -r 1s -f 1` (via `bench/sections/10-jmh.sh`); "
    f"load average before {before}, after {after}: short iterations on a shared machine, so the error bars are wide.", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
