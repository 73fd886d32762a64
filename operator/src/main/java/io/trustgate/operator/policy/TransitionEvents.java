package io.trustgate.operator.policy;

import io.trustgate.api.v1alpha1.RevocationListStatus;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicyStatus;
import io.trustgate.core.format.DisplayText;
import io.trustgate.core.revocation.AcceptedList;
import io.trustgate.core.revocation.Revocation;
import io.trustgate.core.revocation.RevocationState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Compares the old status with the new one and records an Event for each transition. */
final class TransitionEvents {
  static final String INVALID_SPEC = "InvalidSpec";
  static final String POLICY_WARNINGS = "PolicyWarnings";
  static final String LIST_UPDATED = "RevocationListUpdated";
  static final String LIST_REJECTED = "RevocationListRejected";
  static final String WAITING_FOR_TRUST_ROOT = RevocationReport.WAITING_FOR_TRUST_ROOT;
  static final String LIST_STALE = "RevocationListStale";
  static final String ESCAPE_HATCH_ACTIVATED = "EscapeHatchActivated";

  private final PolicyEvents events;

  TransitionEvents(PolicyEvents events) {
    this.events = events;
  }

  void specAndHatches(TrustPolicy policy, TrustPolicyStatus before, TrustPolicyStatus after, List<String> warnings) {
    Optional<String> oldReady = Conditions.find(before.conditions, Conditions.READY).map(c -> c.getReason() + c.getMessage());
    Conditions.find(after.conditions, Conditions.READY)
        .filter(c -> INVALID_SPEC.equals(c.getReason()))
        .filter(c -> !oldReady.equals(Optional.of(c.getReason() + c.getMessage())))
        .ifPresent(c -> events.warning(policy, INVALID_SPEC, c.getMessage()));
    String oldMessage = Conditions.find(before.conditions, Conditions.READY).map(c -> c.getMessage()).orElse("");
    List<String> fresh = warnings.stream().filter(w -> !oldMessage.contains(w)).collect(Collectors.toList());
    if (!fresh.isEmpty()) {
      events.warning(policy, POLICY_WARNINGS, String.join("; ", fresh));
    }
    if (Conditions.isTrue(after.conditions, Conditions.ESCAPE_HATCH_ACTIVE)
        && !Conditions.isTrue(before.conditions, Conditions.ESCAPE_HATCH_ACTIVE)) {
      events.warning(policy, ESCAPE_HATCH_ACTIVATED,
          Conditions.find(after.conditions, Conditions.ESCAPE_HATCH_ACTIVE).get().getMessage());
    }
  }

  void revocations(TrustPolicy policy, TrustPolicyStatus before, TrustPolicyStatus after,
      Optional<AcceptedList> previouslyAccepted, RevocationState now, boolean waitingForTrustRoot) {
    RevocationListStatus oldList = before.revocations;
    String oldSha = oldList == null ? null : oldList.sha256;
    now.accepted().filter(a -> !a.sha256().equals(oldSha)).ifPresent(a ->
        events.normal(policy, LIST_UPDATED, "accepted revocation list " + RevocationReport.describe(a)
            + added(previouslyAccepted, a)));
    if (waitingForTrustRoot) {
      // A trust root still loading (a ConfigMap not read yet) rejects nothing: say so, once.
      boolean waitingBefore = Conditions.reason(before.conditions, Conditions.REVOCATION_LIST_CURRENT)
          .filter(WAITING_FOR_TRUST_ROOT::equals).isPresent();
      if (!waitingBefore) {
        events.normal(policy, WAITING_FOR_TRUST_ROOT,
            Conditions.find(after.conditions, Conditions.REVOCATION_LIST_CURRENT).get().getMessage());
      }
    } else if (now.lastFailure() == RevocationState.RefreshFailure.INVALID
        || now.lastFailure() == RevocationState.RefreshFailure.ROLLBACK) {
      String oldError = oldList == null ? null : oldList.lastError;
      if (!Objects.equals(oldError, now.lastError())) {
        events.warning(policy, LIST_REJECTED, now.lastError());
      }
    }
    boolean staleNow = Conditions.reason(after.conditions, Conditions.REVOCATION_LIST_CURRENT)
        .filter(RevocationReport.STALE::equals).isPresent();
    boolean staleBefore = Conditions.reason(before.conditions, Conditions.REVOCATION_LIST_CURRENT)
        .filter(RevocationReport.STALE::equals).isPresent();
    if (staleNow && !staleBefore) {
      events.warning(policy, LIST_STALE,
          Conditions.find(after.conditions, Conditions.REVOCATION_LIST_CURRENT).get().getMessage());
    }
  }

  /** The recalls a new list adds, so the Event says what changed. */
  private static String added(Optional<AcceptedList> before, AcceptedList after) {
    Set<Revocation.Key> known = before.map(b -> b.list().keys()).orElse(Set.of());
    List<String> added = after.list().revocations().stream()
        .filter(r -> !known.contains(r.key()))
        .map(r -> DisplayText.reason(r.key().toString()) + ": " + DisplayText.reason(r.reason()))
        .collect(Collectors.toList());
    return added.isEmpty() ? "" : "; new recalls: " + String.join("; ", added);
  }
}
