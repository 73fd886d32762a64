package io.trustgate.cli;

import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a judgement means for a pipeline: allowed, denied, or denied only because evidence was
 * missing (retry later, or fix the mirror) — CI needs to tell "recalled" from "mirror was down".
 */
enum Outcome {
  ALLOWED,
  DENIED,
  UNDECIDED;

  /** Reasons that say nothing about the image, only that its evidence could not be had. */
  static final Set<Reason> EVIDENCE_UNAVAILABLE =
      EnumSet.of(Reason.MANIFEST_UNAVAILABLE, Reason.TIMEOUT, Reason.REVOCATION_LIST_STALE);

  static Outcome of(List<Finding> findings) {
    boolean denied = false;
    for (Finding f : findings) {
      if (f.denies()) {
        if (!EVIDENCE_UNAVAILABLE.contains(f.reason())) {
          return DENIED;
        }
        denied = true;
      }
    }
    return denied ? UNDECIDED : ALLOWED;
  }

  String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
