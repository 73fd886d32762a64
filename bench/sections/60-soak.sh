#!/usr/bin/env bash
# Memory and GC pauses of a long run at the shipped JVM flags: 2.2 M reviews of a cached release
# (open loop, SOAK_RATE reviews/s, default 2,500) while 300 never-seen releases arrive spread over
# the run, each fetched from a loopback release server and verified (FakeSigstore-signed).
# Records peak RSS (VmHWM; target ≤ 300 MB) and the longest GC pause from -Xlog:gc (target < 100 ms).
# Full run: about 15 minutes. BENCH_QUICK=1: 30,000 reviews and 10 cold releases, about 1 minute.
# SOAK_REVIEWS, SOAK_COLD and SOAK_RATE change the full run's numbers (2,200,000, 300, 2,500/s).
# Writes bench/target/results/soak.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/webhook.sh

if [ "$QUICK" = 1 ]; then reviews=30000 cold=10 rate=1000; else reviews=${SOAK_REVIEWS:-2200000} cold=${SOAK_COLD:-300} rate=${SOAK_RATE:-2500}; fi
warmup=10
seconds=$(( reviews / rate - warmup ))

# The release server (CPU 1, with the generators): writes the policy, trusted root and reviews.
taskset -c 1 java -cp "$BENCH_JAR" io.trustgate.bench.load.SoakReleaseServer "$WORK/soak" "$cold" >"$WORK/releases.log" 2>&1 &
STARTED_PIDS+=("$!")
for _ in $(seq 600); do grep -q '^serving on port' "$WORK/releases.log" && break; sleep 0.1; done
grep -q '^serving on port' "$WORK/releases.log" || { cat "$WORK/releases.log" >&2; exit 1; }

load_before=$(loadavg)
WEBHOOK_SOURCES="--policies $WORK/soak/policies --trusted-root $WORK/soak/trusted_root.json" \
  start_webhook "$WORK/webhook.log" "-Xlog:gc:file=$WORK/gc.log:uptime,level,tags"
url="https://127.0.0.1:$WEBHOOK_PORT/validate"
echo "60-soak: webhook pid $WEBHOOK_PID port $WEBHOOK_PORT; $reviews reviews at $rate/s, $cold cold releases" >&2

# RSS every 5 s, for the record of how it grows.
( while kill -0 "$WEBHOOK_PID" 2>/dev/null; do
    echo "$(date +%s) $(awk '/VmRSS/ {print $2}' "/proc/$WEBHOOK_PID/status" 2>/dev/null)"; sleep 5
  done ) >"$WORK/rss.log" &
STARTED_PIDS+=("$!")

# The cold releases, one review each, spread evenly over the run (CPU 1).
( sleep "$warmup"
  gap=$(python3 -c "print(max(0.0, ($reviews / $rate - $warmup - 5) / $cold))")
  for f in "$WORK"/soak/cold/*.json; do
    taskset -c 1 curl -sk --max-time 15 -o "$WORK/cold-answer.json" -w '%{http_code} %{time_total}\n' \
      -H 'Content-Type: application/json' --data-binary "@$f" "$url" | tr '\n' ' '
    if grep -q '"allowed":true' "$WORK/cold-answer.json"; then echo allowed; else echo "NOT-ALLOWED $(head -c 300 "$WORK/cold-answer.json")"; fi
    sleep "$gap"
  done ) >"$WORK/cold.log" 2>&1 &
cold_pid=$!
STARTED_PIDS+=("$cold_pid")

status=0
load soak "$url" "$WORK/soak/hot.json" allowed "$WEBHOOK_PID" --rates "$rate" --seconds "$seconds" --warmup 0 \
  --first-warmup "$warmup" --connections 8 >"$WORK/soak.json" || status=1
wait "$cold_pid" || true
peak_rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$WEBHOOK_PID/status")
load_after=$(loadavg)
cp "$WORK/soak.json" "$WORK/gc.log" "$WORK/cold.log" "$WORK/rss.log" "$RESULTS/" 2>/dev/null || true
mv "$RESULTS/gc.log" "$RESULTS/soak-gc.log"; mv "$RESULTS/cold.log" "$RESULTS/soak-cold.log"; mv "$RESULTS/rss.log" "$RESULTS/soak-rss.log"

python3 - "$WORK" "$RESULTS/soak.md" "$peak_rss_kib" "$load_before" "$load_after" "$SHIPPED_JVM_FLAGS" "$QUICK" "$reviews" "$cold" <<'PY'
import json, re, statistics, sys
work, out, peak_kib, before, after, flags, quick, reviews, cold = sys.argv[1:]
run = json.load(open(f"{work}/soak.json"))[0]
pauses = []
for line in open(f"{work}/gc.log"):
    m = re.search(r"(Pause [^(]*(?:\([^)]*\) ?)*).* (\d+(?:\.\d+)?)ms$", line.strip())
    if m:
        pauses.append((float(m.group(2)), m.group(1).strip(), line.strip()))
longest = max(pauses) if pauses else (0.0, "none", "")
full = sum(1 for p in pauses if "Full" in p[1])
colds = [l.split() for l in open(f"{work}/cold.log") if l.strip()]
cold_ok = sum(1 for c in colds if len(c) >= 3 and c[0] == "200" and c[2] == "allowed")
cold_times = sorted(float(c[1]) * 1000 for c in colds if len(c) >= 2 and c[0] == "200")
rss = [int(l.split()[1]) for l in open(f"{work}/rss.log") if len(l.split()) == 2]
peak_mb = int(peak_kib) * 1024 / 1e6
sent = run["measured"] + round(10 * run["offeredRate"])
lines = ["## Memory and GC pauses over a long run, at the shipped JVM flags", ""]
if quick == "1":
    lines += ["**BENCH_QUICK=1: a smoke run, not a measurement.**", ""]
lines += ["| figure | measured | target |", "|---|---|---|",
  f"| peak RSS (VmHWM) | **{peak_mb:.0f} MB** ({int(peak_kib) / 1024:.0f} MiB); at the end {rss[-1] / 1024 if rss else 0:.0f} MiB | ≤ 300 MB |",
  f"| longest GC pause | **{longest[0]:.1f} ms** ({longest[1]}); {len(pauses)} pauses, {full} full collections | < 100 ms |",
  f"| reviews | {sent:,} at {run['offeredRate']:,.0f}/s open loop: {run['errors']} errors, {run['wrongAnswers']} wrong, {run['unanswered']} unanswered | 2.2 M |",
  f"| latency of the measured {run['measured']:,} | p50 {run['p50Ms']:.2f} ms, p99 {run['p99Ms']:.2f} ms, p99.9 {run['p999Ms']:.2f} ms, max {run['maxMs']:.1f} ms | |",
  f"| cold releases (fetched from the loopback release server and verified) | {cold_ok} of {cold} allowed; first review of each p50 {statistics.median(cold_times) if cold_times else 0:.0f} ms, max {max(cold_times) if cold_times else 0:.0f} ms (curl, TLS handshake included) | {cold} |",
  f"| server CPU per review | {run['serverCpuUsPerRequest']} µs | |",
  "",
  f"- JVM flags: `{flags}` (shipped: webhook/pom.xml's Jib entrypoint, without its CDS archive; MaxRAM = the Deployment's 512 MiB limit), "
  "plus `-Xlog:gc`; webhook on CPU 0, generator, release server and cold-release client on CPU 1.",
  f"- Load average (1/5/15 min) before: {before}; at the end: {after}; the machine is shared with other work.",
  "- Command: `bench/sections/60-soak.sh` (or `bench/run-all.sh`); GC log, RSS samples and cold answers in "
  "`bench/target/results/soak-*.log`.", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
exit $status
