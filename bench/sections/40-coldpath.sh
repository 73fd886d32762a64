#!/usr/bin/env bash
# Cold path: the first decision for a never-seen release, the manifest and its bundle served
# from a loopback HTTP server (JDK HttpServer, Nagle off) pinned to CPU 0, each client pinned to
# CPU 1 and run in turn, interleaved over ROUNDS rounds:
#   trustgate      DecisionEngine.decide over HTTP evidence and the manifest cache, as the webhook
#                  wires them, for a pinned x86_64 image under a two-arch policy
#   sigstore-js    bench/node/coldpath.mjs: fetch + @sigstore/verify 3.1.0 + digest lookup
#   sigstore-java  fetch + KeylessVerifier.verify (sigstore-java, no trustgate code)
# Every client first judges WARM releases unmeasured (JIT warm-up), then N never-seen ones.
# Figures: median over the rounds of each client's p50 and p99 (wall clock per release) and of its
# process CPU time per release (all threads; steadier than wall clock on a shared machine).
# Full run: about 4 minutes (ROUNDS=3, WARM=100, N=300); BENCH_QUICK=1: under a minute.
# Writes bench/target/results/coldpath.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -n "${BENCH_QUICK:-}" ]]; then
  ROUNDS=${ROUNDS:-1} WARM=${WARM:-20} N=${N:-40}
else
  ROUNDS=${ROUNDS:-3} WARM=${WARM:-100} N=${N:-300}
fi
JAR=bench/target/benchmarks.jar
[[ -f $JAR ]] || mvn -B -q package -DskipTests
[[ -d bench/node/node_modules ]] || (cd bench/node && npm ci --no-audit --no-fund)
pin() { if command -v taskset >/dev/null; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }

work=$(mktemp -d)
server=""
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
java -cp $JAR io.trustgate.bench.coldpath.ColdPath fixtures "$work/fx" $((WARM + N)) >/dev/null
# Started directly (not through pin, a function, whose background subshell would get the pid).
serve=(java -cp $JAR io.trustgate.bench.coldpath.ColdPath serve "$work/fx" "$work/port")
if command -v taskset >/dev/null; then
  taskset -c 0 "${serve[@]}" >"$work/server.log" 2>&1 &
else
  "${serve[@]}" >"$work/server.log" 2>&1 &
fi
server=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")"

for round in $(seq "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  pin 1 java ${COLDPATH_JAVA_OPTS:-} -cp $JAR io.trustgate.bench.coldpath.ColdPath trustgate "$base" "$work/fx" "$WARM" "$N" | grep '^RESULT' | tee -a "$work/results"
  pin 1 node bench/node/coldpath.mjs "$base" "$work/fx" "$WARM" "$N" | grep '^RESULT' | tee -a "$work/results"
  pin 1 java -cp $JAR io.trustgate.bench.coldpath.ColdPath sigstore-java "$base" "$work/fx" "$WARM" "$N" | grep '^RESULT' | tee -a "$work/results"
done

# median over rounds of one field of one client
median() { grep "RESULT $1 " "$work/results" | sed -E "s/.*$2=([0-9.]+).*/\1/" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
tg50=$(median trustgate-x86_64 p50_ms); tg99=$(median trustgate-x86_64 p99_ms); tgc=$(median trustgate-x86_64 cpu_ms)
js50=$(median sigstore-js p50_ms); js99=$(median sigstore-js p99_ms); jsc=$(median sigstore-js cpu_ms)
sj50=$(median sigstore-java p50_ms); sj99=$(median sigstore-java p99_ms); sjc=$(median sigstore-java cpu_ms)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mkdir -p bench/target/results
cmd="bench/sections/40-coldpath.sh"
[[ -n "${BENCH_QUICK:-}" ]] && cmd="BENCH_QUICK=1 $cmd"
cat > bench/target/results/coldpath.md <<MD
## Cold path: first decision for a never-seen release

Manifest and bundle from a loopback HTTP server (CPU 0), client on CPU 1; $ROUNDS round(s) of $WARM
warm-up + $N never-seen releases per client; median of the rounds' percentiles. Load average at
the end: $(cut -d' ' -f1-3 /proc/loadavg).

| client | p50 ms | p99 ms | p50 ratio to sigstore-js (target ≤ 1.5) | process CPU ms per release | CPU ratio to sigstore-js |
|---|---|---|---|---|---|
| trustgate (decision, two-arch policy, x86_64 image) | $tg50 | $tg99 | **$(ratio "$tg50" "$js50")×** | $tgc | $(ratio "$tgc" "$jsc")× |
| sigstore-js (@sigstore/verify 3.1.0 fetch + verify) | $js50 | $js99 | 1.00× | $jsc | 1.00× |
| sigstore-java (fetch + KeylessVerifier.verify) | $sj50 | $sj99 | $(ratio "$sj50" "$js50")× | $sjc | $(ratio "$sjc" "$jsc")× |

Command: \`$cmd\`
MD
cat bench/target/results/coldpath.md
