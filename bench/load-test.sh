#!/usr/bin/env bash
# Webhook throughput, latency and memory under load, on the example release set:
# starts the real webhook jar over HTTPS (local mode, evidence from examples/mirror),
# warms its caches, then drives it with bench's LoadGenerator over keep-alive connections.
# Usage: bench/load-test.sh [SECONDS] [WORKERS] [RATE]   (after: mvn -B -q package -DskipTests)
# Without RATE the workers send as fast as they can (closed loop, throughput); with RATE
# (requests/s) they keep a fixed schedule (latency at that load).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
workers=${2:-16}
rate=${3:-}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -keyout "$work/tls.key" -out "$work/tls.crt" -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 2>/dev/null
mkdir "$work/policies" && cp examples/policy.yaml "$work/policies/"
# The forge-web Deployment of examples/workloads.yaml as an AdmissionReview.
python3 - "$work/review.json" <<'PY'
import json, sys, uuid, yaml
doc = next(d for d in yaml.safe_load_all(open("examples/workloads.yaml")) if d and d["metadata"]["name"] == "forge-web")
review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
  "uid": str(uuid.uuid4()), "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
  "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
  "name": "forge-web", "namespace": "dev", "operation": "CREATE",
  "userInfo": {"username": "ci"}, "object": doc, "dryRun": False}}
json.dump(review, open(sys.argv[1], "w"))
PY
TRUSTGATE_LOG_LEVEL=WARN java ${WEBHOOK_JAVA_OPTS:-} -jar webhook/target/trustgate-webhook.jar \
  --policies "$work/policies" --trusted-root examples/trusted_root.json --mirror-dir examples/mirror --offline \
  --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" --port 18443 ${WEBHOOK_ARGS:-} >"$work/webhook.log" 2>&1 &
pid=$!
start=$(date +%s%N)
until curl -skf https://127.0.0.1:18443/readyz >/dev/null; do sleep 0.05; done
echo "start to ready: $(( ($(date +%s%N) - start) / 1000000 )) ms (including JVM start)"
# warm-up: JIT and the verified-manifest cache
java -cp bench/target/benchmarks.jar io.trustgate.bench.LoadGenerator https://127.0.0.1:18443/validate "$work/review.json" 10 "$workers" >/dev/null
java -cp bench/target/benchmarks.jar io.trustgate.bench.LoadGenerator https://127.0.0.1:18443/validate "$work/review.json" "$seconds" "$workers" "$pid" $rate
