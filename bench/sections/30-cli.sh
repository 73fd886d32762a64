#!/usr/bin/env bash
# The CLI as a process (issue 11): writes bench/target/results/cli.md.
# `trustgate check` of examples/ (the README's main job) through the cli/trustgate launcher and as
# the README's plain `java -jar`, against bench/node/verify-examples.mjs, which verifies the same
# 9 bundles with sigstore-js (@sigstore/verify 3.1.0 + @sigstore/bundle 4.0.0) in one Node process.
# Target: the launcher ≤ 2× the Node script (wall). Both use both CPUs, unpinned (the check
# verifies bundles in parallel), run alternately by hyperfine when installed (apt-get install
# hyperfine), else by a timed loop. Full run: 15 runs each, about 2 minutes; BENCH_QUICK=1: 3 runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${BENCH_QUICK:+3}; runs=${runs:-15}
out=bench/target/results/cli.md
mkdir -p bench/target/results
if [ ! -f cli/target/trustgate.jar ] || [ ! -f cli/target/trustgate.jsa ]; then
  mvn -B -q package -DskipTests -pl cli -am
fi
if [ ! -d bench/node/node_modules ]; then
  (cd bench/node && npm ci --no-audit --no-fund)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args="check -f examples/workloads.yaml --policy examples/policy.yaml --trusted-root examples/trusted_root.json --mirror examples/mirror"
launcher="cli/trustgate $args"
plain="java -jar cli/target/trustgate.jar $args"
node="node bench/node/verify-examples.mjs"
# Both must do their job before they are timed: the check exits 1 (it denies, as documented).
cli/trustgate $args >"$work/check.txt" || [ $? -eq 1 ] || { echo "check failed" >&2; exit 1; }
grep -q "forge-tampered" "$work/check.txt"
$node >/dev/null

if command -v hyperfine >/dev/null; then
  tool="hyperfine $(hyperfine --version | cut -d' ' -f2)"
  hyperfine -N --warmup 1 --runs "$runs" -i --export-json "$work/h.json" \
    -n launcher "$launcher" -n plain "$plain" -n node "$node" >&2
else
  tool="a timed loop (hyperfine not installed)"
  python3 - "$work/h.json" "$runs" "$launcher" "$plain" "$node" <<'PY'
import json, resource, subprocess, sys, time
path, runs, *cmds = sys.argv[1:]
names = ["launcher", "plain", "node"]
times = {n: [] for n in names}
cpu = {n: [] for n in names}
for _ in range(int(runs)):
    for n, c in zip(names, cmds):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.perf_counter()
        subprocess.run(c.split(), stdout=subprocess.DEVNULL)
        times[n].append(time.perf_counter() - t); r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[n].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
json.dump({"results": [{"command": n, "times": times[n], "user": sum(cpu[n]) / len(cpu[n]), "system": 0.0} for n in names]}, open(path, "w"))
PY
fi

python3 - "$work/h.json" "$runs" "$tool" "$launcher" "$plain" "$node" >"$out" <<'PY'
import json, statistics, sys
path, runs, tool, launcher, plain, node = sys.argv[1:]
results = json.load(open(path))["results"]
r = {x["command"]: sorted(x["times"]) for x in results}
cpu = {x["command"]: x["user"] + x["system"] for x in results}
med = {k: statistics.median(v) for k, v in r.items()}
def cell(k): return f"{med[k]:.2f} s ({r[k][0]:.2f}–{r[k][-1]:.2f})"
print("## CLI\n")
print(f"`trustgate check` of examples/ (README's main job: 6 objects, 9 bundles) against the Node script verifying the "
      f"same 9 bundles with sigstore-js; median wall time of {runs} runs (range), {tool}; load average at the end "
      f"{open('/proc/loadavg').read().split()[0]}. Target: ≤ 2× the Node script.\n")
print("| command | wall | baseline: Node verify script | ratio (wall) | CPU-s (user+sys, mean) | command line |")
print("|---|---|---|---|---|---|")
print(f"| `cli/trustgate check` (launcher: CDS archive, C1 only and later, one compiler thread, SerialGC) | **{cell('launcher')}** | {cell('node')} | **{med['launcher']/med['node']:.2f}×** | {cpu['launcher']:.2f} (Node {cpu['node']:.2f}: {cpu['launcher']/cpu['node']:.1f}×) | `{launcher}` |")
print(f"| `java -jar cli/target/trustgate.jar check` (README, no JVM flags) | {cell('plain')} | {cell('node')} | {med['plain']/med['node']:.2f}× | {cpu['plain']:.2f} | `{plain}` |")
print(f"| Node script (@sigstore/verify 3.1.0) | {cell('node')} | | 1× | {cpu['node']:.2f} | `{node}` |")
PY
cat "$out"
