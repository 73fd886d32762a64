package io.trustgate.core.revocation;

import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.format.FormatException;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.FailureAdvice;
import io.trustgate.core.sigstore.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one policy's revocation list: fetches it, verifies its bundle, guards against
 * rollback, and publishes an immutable {@link RevocationState} for the hot path. A fetched list
 * is used only after it verifies; on failure the last accepted list stays in use.
 *
 * <p>Refreshes are serialised; {@link #state()} never blocks, and {@link #raiseFloor} never
 * waits for a refresh in flight.
 */
public final class RevocationListHolder {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationListHolder.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  private static final Duration MAX_RETRY = Duration.ofMinutes(10);

  private final String policy;
  private final RevocationRule rule;
  private final EvidenceSource source;
  private final BundleVerifier verifier;
  private final boolean skipSignature;
  private final Clock clock;
  /** Guards publishing {@link #state}, so a floor raised during a refresh is never lost. */
  private final Object publish = new Object();
  private volatile RevocationState state = RevocationState.initial();

  /**
   * @param verifier verifies the list's bundle; empty while the policy's trust root is not
   *     available, in which case every refresh fails (nothing unverified is ever accepted)
   * @param skipSignature the skip.cosignVerify escape hatch: lists are accepted unverified
   */
  public RevocationListHolder(
      String policy,
      RevocationRule rule,
      EvidenceSource source,
      Optional<BundleVerifier> verifier,
      boolean skipSignature,
      Clock clock) {
    this.policy = policy;
    this.rule = rule;
    this.source = source;
    this.verifier = verifier.orElse(null);
    this.skipSignature = skipSignature;
    this.clock = clock;
  }

  /** A holder that verifies with {@code verifier}. */
  public static RevocationListHolder verifying(
      String policy, RevocationRule rule, EvidenceSource source, BundleVerifier verifier, Clock clock) {
    return new RevocationListHolder(policy, rule, source, Optional.of(verifier), false, clock);
  }

  public RevocationState state() {
    return state;
  }

  public RevocationRule rule() {
    return rule;
  }

  public String policy() {
    return policy;
  }

  /** The verifier in use, if any. */
  public Optional<BundleVerifier> verifier() {
    return Optional.ofNullable(verifier);
  }

  public boolean skipSignature() {
    return skipSignature;
  }

  /** Fetches, verifies and, if acceptable, installs the list. Returns the new state. */
  public synchronized RevocationState refresh() {
    Instant now = clock.instant();
    RevocationState before = state;
    if (!skipSignature && verifier == null) {
      RevocationState after = failed(before, now, RevocationState.RefreshFailure.INVALID,
          "the trust root of policy " + policy + " is not available, so its revocation list cannot be verified");
      LOG.warn("policy {}: revocation list not refreshed: {}", policy, after.lastError());
      return publish(after);
    }
    FetchResult fetched = source.fetch(rule.url());
    RevocationState after;
    if (fetched instanceof FetchResult.Found found) {
      after = accept(before, now, found.body());
    } else if (fetched instanceof FetchResult.NotFound) {
      after =
          before.everSawList()
              ? failed(before, now, RevocationState.RefreshFailure.UNAVAILABLE,
                  "revocation list " + rule.url() + " answered 404 although "
                      + (before.accepted().isPresent() ? "a list was seen before"
                          : "a list (" + before.floor().get().describe() + ") was accepted before"))
              : new RevocationState(Optional.empty(), true, now, now, null, null, 0, before.floor());
    } else {
      after = failed(before, now, RevocationState.RefreshFailure.UNAVAILABLE,
          "revocation list " + rule.url() + " could not be fetched: "
              + ((FetchResult.Failed) fetched).message());
    }
    if (after.lastFailure() != null) {
      LOG.warn("policy {}: revocation list not refreshed: {}", policy, after.lastError());
    }
    return publish(after);
  }

  /**
   * Installs a refresh's outcome with the newest floor: floors are raised without waiting for a
   * refresh (which may take seconds), and they only ever rise.
   */
  private RevocationState publish(RevocationState after) {
    synchronized (publish) {
      RevocationState now = state;
      RevocationState next = now.floor().equals(after.floor()) ? after : after.withFloor(now.floor().orElse(null));
      state = next;
      return next;
    }
  }

  private RevocationState accept(RevocationState before, Instant now, byte[] body) {
    String sha = io.trustgate.core.format.Sha256.hex(body);
    Optional<AcceptedList> current = before.accepted();
    Optional<RevocationFloor> floor = before.floor();
    if (current.isPresent() && current.get().sha256().equals(sha)
        && current.get().signatureSkipped() == skipSignature) {
      Optional<String> behind = floor.flatMap(f -> f.refuses(current.get().list()));
      if (behind.isPresent()) {
        return failed(before, now, RevocationState.RefreshFailure.ROLLBACK, floorRefusal(floor.get(), behind.get()));
      }
      // The very bytes already verified: still current.
      return new RevocationState(current, false, now, now, null, null, 0, floor);
    }
    if (body.length > RevocationListParser.MAX_LIST_BYTES) {
      // Refused before the signature is checked: verifying a huge body is wasted work.
      return failed(before, now, RevocationState.RefreshFailure.INVALID,
          "revocation list " + rule.url() + " is " + body.length + " bytes, larger than the limit of "
              + io.trustgate.core.format.InputLimits.describe(RevocationListParser.MAX_LIST_BYTES));
    }
    if (!skipSignature) {
      FetchResult bundle = source.fetch(rule.bundleUrl());
      if (!(bundle instanceof FetchResult.Found foundBundle)) {
        boolean missing = bundle instanceof FetchResult.NotFound;
        return failed(before, now,
            missing ? RevocationState.RefreshFailure.INVALID : RevocationState.RefreshFailure.UNAVAILABLE,
            missing
                ? "revocation list has no signature bundle at " + rule.bundleUrl()
                : "revocation list bundle " + rule.bundleUrl() + " could not be fetched: "
                    + ((FetchResult.Failed) bundle).message());
      }
      Verification v = verifier.verify(body, foundBundle.body(), rule.signer());
      if (!v.verified()) {
        return failed(before, now, RevocationState.RefreshFailure.INVALID,
            "revocation list signature rejected (" + v.failure() + "): "
                + FailureAdvice.explain(v, new FailureAdvice.SignedFile("revocation list",
                    rule.url(), rule.bundleUrl(), null, "the policy's spec.revocations.signer")));
      }
    }
    RevocationList parsed;
    try {
      parsed = RevocationListParser.parse(body);
    } catch (FormatException e) {
      return failed(before, now, RevocationState.RefreshFailure.INVALID, e.getMessage());
    }
    if (current.isPresent()) {
      Optional<String> rollback = RollbackGuard.check(current.get().list(), parsed);
      if (rollback.isPresent()) {
        return failed(before, now, RevocationState.RefreshFailure.ROLLBACK,
            "revocation list rejected, keeping sequence "
                + current.get().list().sequence().map(String::valueOf).orElse("(none)")
                + ": " + rollback.get());
      }
    }
    if (floor.isPresent()) {
      Optional<String> rollback = floor.get().refuses(parsed);
      if (rollback.isPresent()) {
        return failed(before, now, RevocationState.RefreshFailure.ROLLBACK, floorRefusal(floor.get(), rollback.get()));
      }
    }
    AcceptedList accepted = new AcceptedList(parsed, sha, now, skipSignature);
    return new RevocationState(Optional.of(accepted), false, now, now, null, null, 0, floor);
  }

  private static String floorRefusal(RevocationFloor floor, String why) {
    return "revocation list rejected: it goes back from the accepted " + floor.describe() + ": " + why;
  }

  private static RevocationState failed(
      RevocationState before, Instant now, RevocationState.RefreshFailure failure, String message) {
    return new RevocationState(
        before.accepted(),
        before.nonePublished(),
        before.lastSuccessAt(),
        now,
        failure,
        message,
        before.consecutiveFailures() + 1,
        before.floor());
  }

  /**
   * Bounds this holder by a persisted floor (from the TrustPolicy status or the CLI's state
   * file): later lists older than it are refused and its recalls keep denying. A floor for
   * another URL, or one that goes back from the floor already held, is ignored: a floor only
   * ever rises in a running process.
   *
   * @return true when the list in use is older than the floor (or there is none) and a refresh
   *     is worth doing now
   */
  public boolean raiseFloor(RevocationFloor floor) {
    if (floor == null || !floor.url().equals(rule.url())) {
      return false;
    }
    synchronized (publish) {
      return raiseFloorLocked(floor);
    }
  }

  private boolean raiseFloorLocked(RevocationFloor floor) {
    RevocationState before = state;
    if (before.floor().isPresent()) {
      if (before.floor().get().equals(floor)) {
        return false;
      }
      Optional<String> lower = before.floor().get().refuses(floor.asList());
      if (lower.isPresent()) {
        LOG.warn("policy {}: ignoring a persisted revocation floor that goes back from the one held: {}", policy,
            lower.get());
        return false;
      }
    }
    state = before.withFloor(floor);
    return before.accepted().map(a -> !floor.coveredBy(a.list())).orElse(true);
  }

  /**
   * The floor to persist: the one the verified list in use sets when it is at least as new as
   * the floor held, otherwise the floor held. A list accepted with skip.cosignVerify never
   * raises it.
   */
  public Optional<RevocationFloor> floorToPersist() {
    RevocationState s = state;
    Optional<RevocationFloor> held = s.floor();
    Optional<AcceptedList> verified = s.accepted().filter(a -> !a.signatureSkipped());
    if (verified.isEmpty()) {
      return held;
    }
    if (held.isPresent()) {
      if (verified.get().sha256().equals(held.get().sha256())
          && RollbackGuard.check(verified.get().list(), held.get().asList()).isEmpty()) {
        return held; // the same list, whole: keep when it was first accepted
      }
      if (!held.get().coveredBy(verified.get().list())) {
        return held;
      }
    }
    return Optional.of(RevocationFloor.of(rule.url(), verified.get()));
  }

  /**
   * When to refresh next: the policy's interval after a success, a capped exponential backoff
   * (never longer than the interval) after failures.
   */
  public Duration nextRefreshDelay() {
    RevocationState s = state;
    if (s.lastFailure() == null) {
      return rule.refreshInterval();
    }
    int exp = Math.min(s.consecutiveFailures() - 1, 16);
    Duration backoff = FIRST_RETRY.multipliedBy(1L << exp);
    Duration capped = backoff.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff;
    return capped.compareTo(rule.refreshInterval()) > 0 ? rule.refreshInterval() : capped;
  }

}
