package io.trustgate.operator.policy;

import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.runtime.PolicyRuntime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the operator keeps about one TrustPolicy between reconciles: its runtime (whose
 * revocation holder carries the verified list and rollback floor), the list last scanned for
 * recalls, and the Pods already warned about. Reconciles of one policy are serialised by the
 * operator framework, so no locking is needed here.
 */
final class PolicyMemory {
  final String uid;
  PolicyRuntime runtime;
  String scannedSha;
  Integer recalledWorkloads;
  /** When the last scan that wrote PolicyReports ran. */
  java.time.Instant reportedAt;
  final Set<String> warnedPods = new HashSet<>();

  PolicyMemory(String uid) {
    this.uid = uid;
  }

  Map<String, RevocationListHolder> holders() {
    return runtime == null ? Map.of() : runtime.holders();
  }
}
