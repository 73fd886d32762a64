#!/usr/bin/env bash
# Webhook latency and CPU per review under open-loop load, each figure beside the allow-all floor.
# Full run: about 8 minutes (a 30 s warm-up ramp per server and review, then three servers x
# (10 s + 4 rates x (5 s warm-up + 20 s measured))).
# BENCH_QUICK=1: about 1.5 minutes (two rates, 3 s each).
#
# The webhook (shipped JVM flags, example policy and signed mirror, offline) and the allow-all
# floor server (bench's AllowAllServer: same Netty, same JDK TLS defaults, same EC certificate)
# share CPU 0; the open-loop generator (bench's OpenLoopLoad, latency from each request's intended
# send time, HdrHistogram) runs on CPU 1. Writes bench/target/results/load.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/webhook.sh

if [ "$QUICK" = 1 ]; then
  rates=500,2000 seconds=3 warmup=2 first=3 ramp=3
else
  rates=${LOAD_RATES:-500,1000,2000,3000} seconds=20 warmup=5 first=10 ramp=10
fi
args=(--rates "$rates" --seconds "$seconds" --warmup "$warmup" --first-warmup "$first" --connections 8)
# Warm-up of both servers (JIT, caches), unmeasured and discarded: a ramp, so that a cold server's
# backlog does not spill into the measured runs.
warm() {
  load warm-up "$1" "$2" any "$3" --rates 100,300,1000 --seconds "$ramp" --warmup 0 --connections 8 >/dev/null 2>&1 || true
}

load_before=$(loadavg)
start_webhook "$WORK/webhook.log"
start_floor "$WORK/floor.log"
echo "50-load: webhook pid $WEBHOOK_PID port $WEBHOOK_PORT, floor pid $FLOOR_PID port $FLOOR_PORT, rates $rates" >&2

warm "https://127.0.0.1:$FLOOR_PORT/validate" "$WORK/forge-web.json" "$FLOOR_PID"
warm "https://127.0.0.1:$WEBHOOK_PORT/validate" "$WORK/forge-web.json" "$WEBHOOK_PID"
warm "https://127.0.0.1:$WEBHOOK_PORT/validate" "$WORK/forge-legacy.json" "$WEBHOOK_PID"

status=0
load floor "https://127.0.0.1:$FLOOR_PORT/validate" "$WORK/forge-web.json" allowed "$FLOOR_PID" "${args[@]}" \
  --histograms "$RESULTS/load-histograms" >"$WORK/floor.json" || status=1
load_mid=$(loadavg)
load allowed "https://127.0.0.1:$WEBHOOK_PORT/validate" "$WORK/forge-web.json" allowed "$WEBHOOK_PID" "${args[@]}" \
  --histograms "$RESULTS/load-histograms" >"$WORK/allowed.json" || status=1
load denied "https://127.0.0.1:$WEBHOOK_PORT/validate" "$WORK/forge-legacy.json" denied "$WEBHOOK_PID" "${args[@]}" \
  --histograms "$RESULTS/load-histograms" >"$WORK/denied.json" || status=1
load_after=$(loadavg)
cp "$WORK/floor.json" "$WORK/allowed.json" "$WORK/denied.json" "$RESULTS/" 2>/dev/null || true

python3 - "$WORK" "$RESULTS/load.md" "$load_before" "$load_mid" "$load_after" "$SHIPPED_JVM_FLAGS" "$QUICK" <<'PY'
import json, sys
work, out, before, mid, after, flags, quick = sys.argv[1:]
runs = {k: json.load(open(f"{work}/{k}.json")) for k in ("floor", "allowed", "denied")}
names = {"floor": "allow-all floor", "allowed": "trustgate, allowed (forge-web)", "denied": "trustgate, denied (forge-legacy, recalled)"}
def cpu_total(k):
    return sum(p["serverCpuUsPerRequest"] * p["measured"] for p in runs[k]), sum(p["measured"] for p in runs[k])
lines = ["## Webhook under open-loop load, beside the allow-all floor", ""]
if quick == "1":
    lines += ["**BENCH_QUICK=1: a smoke run, not a measurement.**", ""]
lines += ["| reviews/s | server | p50 ms | p99 ms | p99.9 ms | max ms | errors / wrong | server CPU µs/review | CPU ÷ floor |",
          "|---|---|---|---|---|---|---|---|---|"]
for i, floor in enumerate(runs["floor"]):
    for k in ("floor", "allowed", "denied"):
        p = runs[k][i]
        ratio = p["serverCpuUsPerRequest"] / floor["serverCpuUsPerRequest"]
        errs = f'{p["errors"]} / {p["wrongAnswers"]}' + (f' ({p["unanswered"]} unanswered)' if p["unanswered"] else "")
        lines.append(f'| {p["offeredRate"]:,.0f} | {names[k]} | {p["p50Ms"]:.2f} | {p["p99Ms"]:.2f} | {p["p999Ms"]:.2f} | '
                     f'{p["maxMs"]:.1f} | {errs} | {p["serverCpuUsPerRequest"]:.0f} | {ratio:.2f}× |')
fc, fn = cpu_total("floor")
summary = []
for k in ("allowed", "denied"):
    c, n = cpu_total(k)
    summary.append(f"{names[k]} **{c / n / (fc / fn):.2f}×** the floor ({c / n:.0f} µs vs {fc / fn:.0f} µs per review)")
gen = [p["generatorCpuUsPerRequest"] for k in runs for p in runs[k]]
late = max(p["senderLatenessP99Ms"] for k in runs for p in runs[k])
tls = {k: runs[k][0]["tls"] for k in runs}
lines += ["",
  "Server CPU per review over all rates (target ≤ 1.15× the floor): " + "; ".join(summary) + ".",
  "",
  f"- Generator: open loop, latency from each request's intended send time (no coordinated omission), "
  f"8 keep-alive HTTP/1.1 connections, HdrHistogram; its own CPU {min(gen):.0f}–{max(gen):.0f} µs per request; "
  f"its sends were at most {late:.2f} ms late (p99 of each rate, worst rate).",
  f"- TLS negotiated: floor {tls['floor']['protocol']} {tls['floor']['cipher']} ({tls['floor']['serverKey']} key), "
  f"webhook {tls['allowed']['protocol']} {tls['allowed']['cipher']} ({tls['allowed']['serverKey']} key).",
  f"- Webhook JVM flags (shipped, webhook/pom.xml; MaxRAM = the Deployment's memory limit): `{flags}`; "
  f"servers on CPU 0 (`taskset -c 0`), generator on CPU 1.",
  f"- Load average (1/5/15 min) before: {before}; after the floor: {mid}; at the end: {after}. "
  f"The machine is shared: the load average counts other work on both CPUs.",
  "- Command: `bench/sections/50-load.sh` (or `bench/run-all.sh`); per-rate latency distributions in "
  "`bench/target/results/load-histograms/`.", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
exit $status
