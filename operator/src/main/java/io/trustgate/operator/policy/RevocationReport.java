package io.trustgate.operator.policy;

import io.trustgate.api.v1alpha1.RevocationListStatus;
import io.trustgate.core.policy.GoDuration;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.revocation.AcceptedList;
import io.trustgate.core.revocation.RevocationState;
import java.time.Instant;
import java.util.Optional;

/**
 * What status says about one policy's revocation list: the {@code status.revocations} block and
 * the {@code RevocationListCurrent} condition, derived from the holder's state at {@code now}.
 */
record RevocationReport(RevocationListStatus status, boolean current, String reason, String message) {
  static final String VERIFIED = "Verified";
  static final String SIGNATURE_SKIPPED = "SignatureSkipped";
  static final String NOT_PUBLISHED = "NotPublished";
  static final String NOT_CONFIGURED = "NotConfigured";
  static final String NOT_LOADED = "NotLoaded";
  static final String STALE = "Stale";
  static final String INVALID = "Invalid";
  static final String ROLLBACK = "Rollback";
  static final String UNAVAILABLE = "Unavailable";
  static final String WAITING_FOR_TRUST_ROOT = "WaitingForTrustRoot";

  /**
   * The same report for a list that could not be verified only because the policy's trust root
   * (e.g. a ConfigMap) is not loaded yet: nothing was rejected, the list is checked once it is.
   */
  RevocationReport waitingForTrustRoot() {
    return new RevocationReport(status, current, WAITING_FOR_TRUST_ROOT,
        "waiting for the trust root: the revocation list is verified as soon as the policy's trust root is loaded");
  }

  static RevocationReport notConfigured() {
    return new RevocationReport(null, true, NOT_CONFIGURED,
        "spec.revocations is not set: no revocation list applies to this policy");
  }

  static RevocationReport of(RevocationRule rule, RevocationState state, Instant now) {
    RevocationListStatus status = status(state);
    String keep = keeping(state, rule);
    if (state.lastAttemptAt() == null) {
      return new RevocationReport(status, false, NOT_LOADED, "the revocation list " + rule.url() + " was not fetched yet");
    }
    if (!state.loaded()) {
      return new RevocationReport(status, false, failureReason(state),
          "no revocation list verified yet" + state.floor().map(f -> " at least as new as the accepted "
              + f.describe()).orElse("") + ": " + state.lastError() + "; governed images of this policy are "
              + (rule.onStale().name().equals("Warn") ? "admitted with a warning" : "denied")
              + " until one is (other policies are not affected)");
    }
    if (!state.fresh(now, rule.maxStaleness())) {
      return new RevocationReport(status, false, STALE,
          "the last verified revocation list is from " + state.lastSuccessAt() + ", older than maxStaleness "
              + GoDuration.format(rule.maxStaleness()) + "; governed images are "
              + (rule.onStale().name().equals("Warn") ? "admitted with a warning" : "denied")
              + " until a refresh succeeds" + (state.lastError() == null ? "" : "; last error: " + state.lastError()));
    }
    if (state.lastFailure() != null) {
      // DESIGN §5: a failed refresh keeps the last verified list in force until maxStaleness,
      // so the list is still current; the reason and message say what went wrong.
      return new RevocationReport(status, true, failureReason(state), state.lastError() + keep);
    }
    if (state.accepted().isEmpty()) {
      return new RevocationReport(status, true, NOT_PUBLISHED,
          rule.url() + " answered 404 and no list was seen before: no recalls published yet");
    }
    AcceptedList list = state.accepted().get();
    if (list.signatureSkipped()) {
      return new RevocationReport(status, true, SIGNATURE_SKIPPED,
          "revocation list " + describe(list) + " accepted WITHOUT signature verification (skip.cosignVerify)");
    }
    return new RevocationReport(status, true, VERIFIED, "revocation list " + describe(list) + " verified");
  }

  private static String keeping(RevocationState state, RevocationRule rule) {
    if (state.accepted().isEmpty()) {
      return state.nonePublished() ? "; still treating the list as not published" : "";
    }
    return "; still using " + describe(state.accepted().get()) + " until "
        + state.lastSuccessAt().plus(rule.maxStaleness()) + " (maxStaleness)";
  }

  static String describe(AcceptedList list) {
    return "sequence " + list.list().sequence().map(String::valueOf).orElse("(none)")
        + " with " + list.list().revocations().size() + " recall(s), sha256 " + list.sha256().substring(0, 12);
  }

  private static String failureReason(RevocationState state) {
    if (state.lastFailure() == null) {
      return UNAVAILABLE;
    }
    switch (state.lastFailure()) {
      case INVALID:
        return INVALID;
      case ROLLBACK:
        return ROLLBACK;
      default:
        return UNAVAILABLE;
    }
  }

  private static RevocationListStatus status(RevocationState state) {
    if (!state.loaded() && state.lastError() == null) {
      return null;
    }
    RevocationListStatus s = new RevocationListStatus();
    Optional<AcceptedList> accepted = state.accepted();
    accepted.ifPresent(a -> {
      s.sequence = a.list().sequence().orElse(null);
      s.sha256 = a.sha256();
      s.issuedAt = a.list().issuedAt().map(Instant::toString).orElse(null);
    });
    if (state.loaded()) {
      s.entries = accepted.map(a -> a.list().revocations().size()).orElse(0);
      s.fetchedAt = state.lastSuccessAt().toString();
    }
    s.lastError = state.lastError();
    return s;
  }
}
