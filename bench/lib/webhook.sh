# Shared by bench/sections/50-load.sh and 60-soak.sh (sourced, not run): the webhook and the
# allow-all floor server, started the way the shipped image runs the webhook.
# Expects to be sourced from the repository root with `set -euo pipefail`.

RESULTS=bench/target/results
QUICK=${BENCH_QUICK:-0}
BENCH_JAR=bench/target/benchmarks.jar
WEBHOOK_JAR=webhook/target/trustgate-webhook.jar
mkdir -p "$RESULTS"

# The jars this harness runs; built (bench and what it needs, nothing installed) when missing.
if [ ! -f "$BENCH_JAR" ] || [ ! -f "$WEBHOOK_JAR" ]; then
  echo "building $BENCH_JAR and $WEBHOOK_JAR: mvn -B -q package -DskipTests -pl bench,webhook -am" >&2
  mvn -B -q package -DskipTests -pl bench,webhook -am
fi

WORK=$(mktemp -d)
STARTED_PIDS=()
bench_cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# A self-signed P-256 certificate for 127.0.0.1, as the operator issues EC keys for the webhook.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 2>/dev/null

# AdmissionReviews (CREATE) of examples/workloads.yaml's forge-web (allowed) and forge-legacy
# (denied: its release is recalled) Deployments: $WORK/forge-web.json, $WORK/forge-legacy.json.
python3 - "$WORK" <<'PY'
import json, sys, uuid, yaml
docs = [d for d in yaml.safe_load_all(open("examples/workloads.yaml")) if d]
for name in ["forge-web", "forge-legacy"]:
    doc = next(d for d in docs if d["metadata"]["name"] == name)
    kind = doc["kind"]
    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": str(uuid.uuid4()), "kind": {"group": "apps", "version": "v1", "kind": kind},
        "resource": {"group": "apps", "version": "v1", "resource": kind.lower() + "s"},
        "name": name, "namespace": doc["metadata"]["namespace"], "operation": "CREATE",
        "userInfo": {"username": "ci"}, "object": doc, "dryRun": False}}
    json.dump(review, open(f"{sys.argv[1]}/{name}.json", "w"))
PY

# The shipped webhook's JVM flags, from their one owner (webhook/pom.xml's Jib entrypoint, the
# entries between java and -jar), and -XX:MaxRAM set to the Deployment's memory limit in
# deploy/install.yaml, which is what the JVM sizes its heap from inside the container. Without the
# class-data sharing pair (-Xshare, -XX:SharedArchiveFile): that archive is for the image's own
# runtime (webhook/target/image, bench/sections/20-startup.sh) and only changes start-up; this
# harness measures the running webhook.
SHIPPED_JVM_FLAGS=$(python3 - <<'PY'
import re, yaml, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
entries = [e.text.strip() for e in ET.parse("webhook/pom.xml").getroot().iterfind(".//m:entrypoint/m:entry", ns)]
flags = [f for f in entries[1:entries.index("-jar")] if not f.startswith(("-Xshare:", "-XX:SharedArchiveFile="))] if "-jar" in entries else []
limit = None
for d in yaml.safe_load_all(open("deploy/install.yaml")):
    if d and d.get("kind") == "Deployment" and d["metadata"]["name"] == "trustgate-webhook":
        limit = d["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"]
m = re.fullmatch(r"(\d+)Mi", limit or "")
if not flags or not m:
    raise SystemExit(f"cannot read the shipped JVM flags ({flags}) or memory limit ({limit})")
print(" ".join([f"-XX:MaxRAM={m.group(1)}m"] + flags))
PY
)

# start_webhook LOG [JAVA_OPTS...]: the webhook in local mode, pinned to CPU 0, at the shipped
# flags (plus WEBHOOK_JAVA_OPTS, for experiments); sets WEBHOOK_PID and WEBHOOK_PORT. Its evidence: WEBHOOK_SOURCES (flags), by default the
# example policy and signed mirror, offline.
start_webhook() {
  local log=$1
  shift
  mkdir -p "$WORK/policies"
  cp examples/policy.yaml "$WORK/policies/"
  local sources=(--policies "$WORK/policies" --trusted-root examples/trusted_root.json --mirror-dir examples/mirror --offline)
  if [ -n "${WEBHOOK_SOURCES:-}" ]; then read -r -a sources <<<"$WEBHOOK_SOURCES"; fi
  # shellcheck disable=SC2086
  taskset -c 0 java $SHIPPED_JVM_FLAGS ${WEBHOOK_JAVA_OPTS:-} "$@" -jar "$WEBHOOK_JAR" "${sources[@]}" \
    --tls-cert "$WORK/tls.crt" --tls-key "$WORK/tls.key" --port 0 >>"$log" 2>&1 &
  WEBHOOK_PID=$!
  STARTED_PIDS+=("$WEBHOOK_PID")
  WEBHOOK_PORT=
  local i
  for i in $(seq 1200); do
    WEBHOOK_PORT=$(grep -o 'serving HTTPS on port [0-9]*' "$log" | grep -o '[0-9]*$' || true)
    if [ -n "$WEBHOOK_PORT" ] && curl -sk -o /dev/null -f "https://127.0.0.1:$WEBHOOK_PORT/readyz"; then
      return 0
    fi
    kill -0 "$WEBHOOK_PID" 2>/dev/null || { echo "webhook exited:" >&2; tail -20 "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "webhook not ready after 120 s" >&2
  return 1
}

# start_floor LOG: the allow-all AdmissionReview server, same certificate, same CPU; sets FLOOR_PID, FLOOR_PORT.
start_floor() {
  local log=$1
  taskset -c 0 java -cp "$BENCH_JAR" io.trustgate.bench.load.AllowAllServer "$WORK/tls.crt" "$WORK/tls.key" >"$log" 2>&1 &
  FLOOR_PID=$!
  STARTED_PIDS+=("$FLOOR_PID")
  local i
  for i in $(seq 600); do
    FLOOR_PORT=$(sed -n 's/^listening on port //p' "$log")
    [ -n "$FLOOR_PORT" ] && return 0
    kill -0 "$FLOOR_PID" 2>/dev/null || { echo "floor server exited:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "floor server not listening after 60 s" >&2
  return 1
}

# load LABEL URL BODY EXPECT PID ARGS...: the open-loop generator on CPU 1; JSON array on stdout.
load() {
  local label=$1 url=$2 body=$3 expect=$4 pid=$5
  shift 5
  taskset -c 1 java -cp "$BENCH_JAR" io.trustgate.bench.load.OpenLoopLoad --label "$label" --url "$url" \
    --ca "$WORK/tls.crt" --body "$body" --expect "$expect" --server-pid "$pid" --clock-ticks "$(getconf CLK_TCK)" "$@"
}
