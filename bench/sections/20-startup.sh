#!/usr/bin/env bash
# Start-up (issue 11, "Start and stop"): writes bench/target/results/startup.md.
#  1. webhook: CPU-seconds (utime+stime of the process, /proc/PID/stat) and wall time from launch
#     to the first 200 of /readyz, as the shipped image runs it: the image tree the build writes
#     (webhook/target/image: jlinked runtime, jar, CDS archive; docs/install.md#start-up-time),
#     started from its root with the Jib entrypoint of webhook/pom.xml (its one owner of the JVM
#     flags), plus -XX:MaxRAM=512m for the Deployment's 512 MiB limit; example policy, trust root
#     and mirror, local mode. Baseline: the same runtime and flags without the application
#     archive (the runtime's default CDS archive only, as the image started before it carried
#     one). Webhook on CPU 0, the /readyz poller (curl every 100 ms) on CPU 1.
#     STARTUP_THREADS=1 also prints the CPU-seconds of each JVM thread at the first 200;
#     STARTUP_EXTRA_FLAGS="-XX:..." also starts the shipped entrypoint with those flags added,
#     alternated with the others, and prints its CPU-seconds (not in the table).
#  2. first verification in a fresh process, on CPU 0: trustgate's BundleVerifier against plain
#     sigstore-java 2.0.0 (io.trustgate.bench.FirstVerification) on the same bundle
#     (examples' v0.14.1 dev x86_64 manifest).
# Full run: 7 starts per variant, 9 processes per verifier, about 4 minutes on 2 cores;
# BENCH_QUICK=1: 2 and 3, about 1 minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${BENCH_QUICK:+2}; runs=${runs:-7}
vruns=${BENCH_QUICK:+3}; vruns=${vruns:-9}
out=bench/target/results/startup.md
mkdir -p bench/target/results
image=$PWD/webhook/target/image
bench=bench/target/benchmarks.jar
if [ ! -f "$image/app/trustgate-webhook.jsa" ] || [ ! -f "$bench" ]; then
  mvn -B -q package -DskipTests -pl webhook,bench -am
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -keyout "$work/tls.key" -out "$work/tls.crt" -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 2>/dev/null
mkdir "$work/policies" && cp examples/policy.yaml "$work/policies/"
# The shipped entrypoint (java FLAGS... -jar JAR), from its one owner: webhook/pom.xml's Jib <entrypoint>.
read -r -a entrypoint < <(python3 - <<'PY'
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
pom = ET.parse("webhook/pom.xml")
print(" ".join(e.text.strip() for e in pom.iterfind(".//m:plugin[m:artifactId='jib-maven-plugin']//m:entrypoint/m:entry", ns)))
PY
)
[ "${entrypoint[0]}" = /opt/java/bin/java ] || { echo "unexpected entrypoint: ${entrypoint[*]}" >&2; exit 1; }
shipped=(-XX:MaxRAM=512m "${entrypoint[@]:1}")
baseline=()
for f in "${shipped[@]}"; do
  case $f in -Xshare:*|-XX:SharedArchiveFile=*) ;; *) baseline+=("$f") ;; esac
done
tck=$(getconf CLK_TCK)
examples=$PWD/examples

# one start from the image tree's root: prints "cpu_s wall_s"
start_to_ready() {
  local port t0 t1 ut st
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  t0=$(date +%s%N)
  (cd "$image" && TRUSTGATE_LOG_LEVEL=WARN exec taskset -c 0 opt/java/bin/java "$@" \
    --policies "$work/policies" --trusted-root "$examples/trusted_root.json" --mirror-dir "$examples/mirror" --offline \
    --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" --port "$port") >"$work/webhook.log" 2>&1 &
  pid=$!
  until taskset -c 1 curl -skf "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/webhook.log" >&2; echo "webhook exited before ready" >&2; exit 1; }
    sleep 0.1
  done
  t1=$(date +%s%N)
  read -r ut st < <(awk '{print $14, $15}' "/proc/$pid/stat")
  if [ -n "${STARTUP_THREADS:-}" ]; then
    for t in /proc/$pid/task/*; do
      python3 -c 'import sys; s=open(sys.argv[1]+"/stat").read(); c=s[s.index("(")+1:s.rindex(")")]; f=s[s.rindex(")")+2:].split(); print("%6.2f %s" % ((int(f[11])+int(f[12]))/int(sys.argv[2]), c))' "$t" "$tck"
    done | sort -rn | head -15 >&2
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  python3 -c "print('%.2f %.2f' % (($ut + $st) / $tck, ($t1 - $t0) / 1e9))"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/nocds"; : >"$work/cds"
for i in $(seq "$runs"); do   # alternated, so drifting load hits both alike
  start_to_ready "${baseline[@]}" >>"$work/nocds"
  start_to_ready "${shipped[@]}" >>"$work/cds"
  if [ -n "${STARTUP_EXTRA_FLAGS:-}" ]; then
    read -r -a extra <<<"$STARTUP_EXTRA_FLAGS"
    echo "shipped + $STARTUP_EXTRA_FLAGS: $(start_to_ready "${shipped[@]:0:${#shipped[@]}-2}" "${extra[@]}" "${shipped[@]: -2}")" >&2
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

bundle_dir=examples/mirror/acme-labs/forge/releases/download/v0.14.1
verify_args=(examples/trusted_root.json "$bundle_dir/dev-image-x86_64.manifest.json" "$bundle_dir/dev-image-x86_64.manifest.json.bundle"
  https://token.actions.githubusercontent.com "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.1")
: >"$work/verify"
for i in $(seq "$vruns"); do
  for mode in sigstore-java trustgate; do
    taskset -c 0 java -cp "$bench" io.trustgate.bench.FirstVerification "$mode" "${verify_args[@]}" >>"$work/verify"
  done
done

python3 - "$work" "$runs" "$vruns" "${shipped[*]}" "$load_before" "$load_after" >"$out" <<'PY'
import statistics, sys
work, runs, vruns, flags, load_before, load_after = sys.argv[1:]
def rows(name):
    return [tuple(map(float, l.split())) for l in open(f"{work}/{name}") if l.strip()]
def med(xs): return statistics.median(xs)
def rng(xs): return f"{min(xs):.2f}–{max(xs):.2f}"
nocds, cds = rows("nocds"), rows("cds")
c0, c1 = [r[0] for r in nocds], [r[0] for r in cds]
w0, w1 = [r[1] for r in nocds], [r[1] for r in cds]
v = {}
for line in open(f"{work}/verify"):
    mode, wall, cpu, part = line.split()
    v.setdefault(mode, []).append((float(wall), float(cpu), float(part)))
def vm(mode, i): return med([r[i] for r in v[mode]])
print("## Start-up\n")
print(f"Webhook, launch to first `/readyz` 200, median of {runs} (range), as the image runs it: the image tree "
      f"(`webhook/target/image`: jlinked runtime, jar, CDS archive) started from its root with the Jib entrypoint "
      f"`{flags}`; target ≤ 3 CPU-seconds. CPU = utime+stime of the webhook process. "
      f"Load average (1/5/15 min) before: {load_before}; after: {load_after}.\n")
print("| webhook start to ready | CPU-s | wall s | baseline (same runtime, no application archive) | ratio (CPU) | command |")
print("|---|---|---|---|---|---|")
print(f"| image tree, with its CDS archive (as shipped) | **{med(c1):.2f}** ({rng(c1)}) | {med(w1):.2f} ({rng(w1)}) | {med(c0):.2f} CPU-s ({rng(c0)}), {med(w0):.2f} s wall | {med(c1)/med(c0):.2f}× | `cd webhook/target/image && opt/java/bin/java {flags} --policies DIR --trusted-root examples/trusted_root.json --mirror-dir examples/mirror --offline --tls-cert C --tls-key K` (`bench/sections/20-startup.sh`) |")
print(f"| without the application archive | {med(c0):.2f} ({rng(c0)}) | {med(w0):.2f} ({rng(w0)}) | target 3 CPU-s | {med(c0)/3:.2f}× target | same, without `-Xshare:auto -XX:SharedArchiveFile=…` |")
print()
print(f"First verification in a fresh JVM, same bundle (examples v0.14.1 dev x86_64), median of {vruns} processes each, "
      "JVM start included; `verify` = reading the root and bundle, building the verifier and verifying once.\n")
print("| first verification | wall from JVM start ms | process CPU ms | verify part ms | baseline: plain sigstore-java 2.0.0 (wall / CPU / part ms) | ratio (wall) | command |")
print("|---|---|---|---|---|---|---|")
print(f"| trustgate `BundleVerifier` | **{vm('trustgate',0):.0f}** | {vm('trustgate',1):.0f} | {vm('trustgate',2):.0f} | "
      f"{vm('sigstore-java',0):.0f} / {vm('sigstore-java',1):.0f} / {vm('sigstore-java',2):.0f} | {vm('trustgate',0)/vm('sigstore-java',0):.2f}× | "
      "`java -cp bench/target/benchmarks.jar io.trustgate.bench.FirstVerification trustgate\\|sigstore-java ROOT ARTIFACT BUNDLE ISSUER IDENTITY` |")
PY
cat "$out"
