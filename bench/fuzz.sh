#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every parser that reads untrusted input; see docs/fuzzing.md.
# Usage: bench/fuzz.sh [SECONDS_PER_TARGET] [Class#method ...]
#   default: 600 s for each target below; PARALLEL (default 2) targets at a time, at nice 19.
#   SKIP_BUILD=1 reuses the last build; FUZZ_KEEP_GOING (default 20) distinct findings end a target.
# Each target runs in its own JVM with JAZZER_FUZZ=1 (Jazzer fuzzes one @FuzzTest per JVM).
# Findings are written by Jazzer as crash-* files into the target's inputs directory
# (src/test/resources/<package>/<Class>Inputs/<method>/), where `mvn verify` replays them.
# The generated corpus stays in <module>/.cifuzz-corpus (not committed); logs and a summary of
# executions and coverage go to bench/target/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-600}
shift || true
parallel=${PARALLEL:-2}
per_input_timeout=${FUZZ_INPUT_TIMEOUT:-10}
heap=${FUZZ_HEAP:-1g}

all_targets=(
  core:io.trustgate.core.image.ImageReferenceFuzzTest#referencesParseCanonicallyOrFailWithTheirOwnException
  core:io.trustgate.core.image.ImageReferenceFuzzTest#globsGovernEverySpellingOfAReferenceAlike
  core:io.trustgate.core.workload.WorkloadDocumentsFuzzTest#workloadDocumentsReadOrFailCleanlyAndRoundTrip
  core:io.trustgate.core.policy.TrustPolicyFuzzTest#policyFilesReadAndCompileWithoutThrowing
  core:io.trustgate.core.policy.TrustPolicyFuzzTest#versionsSubstituteIntoIdentityRegexesLiterally
  core:io.trustgate.core.manifest.ReleaseManifestFuzzTest#manifestsParseOrFailWithFormatExceptionAndRoundTrip
  core:io.trustgate.core.revocation.RevocationListFuzzTest#listsParseOrFailWithFormatExceptionAndRoundTrip
  core:io.trustgate.core.sigstore.TrustedRootFuzzTest#trustedRootsLoadIntoUsableRootsOrFailWithTrustRootException
  core:io.trustgate.core.sigstore.BundleFuzzTest#bundlesAreReadOrRejectedAndVerifyOnlyAsSigned
  core:io.trustgate.core.sigstore.BundleFuzzTest#mutatedBundlesNeverVerify
  webhook:io.trustgate.webhook.admission.AdmissionReviewFuzzTest#admissionReviewsAreAnsweredOrRefusedNeverAllowingUnsignedImages
)
targets=()
if [ $# -gt 0 ]; then
  for wanted in "$@"; do
    for t in "${all_targets[@]}"; do
      case "$t" in *"$wanted"*) targets+=("$t") ;; esac
    done
  done
else
  targets=("${all_targets[@]}")
fi
[ ${#targets[@]} -gt 0 ] || { echo "no target matches: $*" >&2; exit 2; }

out=$root/bench/target/fuzz
mkdir -p "$out"
if [ -z "${SKIP_BUILD:-}" ]; then
echo "building core and webhook with their test classes..."
nice -n 19 mvn -B -q ${MVN_FLAGS:--o} package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath -pl core,webhook -am
fi

# A snapshot of what was built, so that rebuilding while targets run cannot disturb them.
snap=$out/snapshot-$$
mkdir -p "$snap"
snapshot_path() { # absolute path under the repo -> its copy in the snapshot
  local p=$1
  case "$p" in
    "$root"/*) local rel=${p#"$root"/}; mkdir -p "$snap/$(dirname "$rel")"
               [ -e "$snap/$rel" ] || cp -r "$p" "$snap/$rel"; echo "$snap/$rel" ;;
    *) echo "$p" ;;
  esac
}
classpath_for() { # module -> full test classpath, snapshotted
  local module=$1 cp="" entry
  for entry in "$root/$module/target/test-classes" "$root/$module/target/classes" \
               $(tr ':' ' ' < "$root/$module/target/fuzz.classpath"); do
    cp="$cp:$(snapshot_path "$entry")"
  done
  echo "${cp#:}"
}
declare -A cps
for module in core webhook; do cps[$module]=$(classpath_for $module); done

run_target() {
  local module=${1%%:*} test=${1#*:}
  local name=${test##*.}; name=${name/\#/.}
  echo "$(date -u +%H:%M:%S) start $name ($seconds s)"
  # Jazzer instruments only class directories by default; core is a jar on webhook's classpath.
  # Jazzer takes libFuzzer flags from jazzer.internal.arg.N (0 is argv[0]); these follow and
  # override the @FuzzTest maxDuration.
  local rc=0
  ( cd "$root/$module" && JAZZER_FUZZ=1 nice -n 19 java -Xmx"$heap" -cp "${cps[$module]}" -Djazzer.keep_going="${FUZZ_KEEP_GOING:-20}" \
      -Djazzer.instrument='io.trustgate.**' \
      -Djazzer.internal.arg.0=fuzz \
      -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.internal.arg.2=-timeout="$per_input_timeout" \
      -Djazzer.internal.arg.3=-print_final_stats=1 \
      io.trustgate.core.testing.FuzzLauncher "$test" ) >"$out/$name.log" 2>&1 || rc=$?
  local last
  last=$(grep -aE '^#[0-9]+' "$out/$name.log" | tail -1 || true)
  local runs
  # With keep_going, libFuzzer restarts after each finding and prints stats per session: sum them.
  runs=$(grep -aE '^stat::number_of_executed_units' "$out/$name.log" | awk '{n += $2} END {if (NR) print n}' || true)
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$seconds" "${runs:-?}" \
    "$(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+' || true)" \
    "$(if [ $rc -eq 0 ] && ! grep -aq '^== Java Exception' "$out/$name.log"; then echo ok;
       else echo "FINDING: $(grep -ac '^== Java Exception' "$out/$name.log"), see bench/target/fuzz/$name.log"; fi)" \
    >>"$out/summary.md"
  echo "$(date -u +%H:%M:%S) done  $name (exit $rc)"
}

printf '| target | seconds | executions | last libFuzzer status | result |\n|---|---|---|---|---|\n' >"$out/summary.md"
running=0
for t in "${targets[@]}"; do
  if [ $running -ge "$parallel" ]; then wait -n || true; running=$((running - 1)); fi
  run_target "$t" &
  running=$((running + 1))
done
wait
rm -rf "$snap"
cat "$out/summary.md"
! grep -q FINDING "$out/summary.md"
