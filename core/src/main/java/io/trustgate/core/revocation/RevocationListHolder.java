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
 * <p>Refreshes are serialised; {@link #state()} never blocks.
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
      state = after;
      return after;
    }
    FetchResult fetched = source.fetch(rule.url());
    RevocationState after;
    if (fetched instanceof FetchResult.Found found) {
      after = accept(before, now, found.body());
    } else if (fetched instanceof FetchResult.NotFound) {
      after =
          before.everSawList()
              ? failed(before, now, RevocationState.RefreshFailure.UNAVAILABLE,
                  "revocation list " + rule.url() + " answered 404 although a list was seen before")
              : new RevocationState(Optional.empty(), true, now, now, null, null, 0);
    } else {
      after = failed(before, now, RevocationState.RefreshFailure.UNAVAILABLE,
          "revocation list " + rule.url() + " could not be fetched: "
              + ((FetchResult.Failed) fetched).message());
    }
    if (after.lastFailure() != null) {
      LOG.warn("policy {}: revocation list not refreshed: {}", policy, after.lastError());
    }
    state = after;
    return after;
  }

  private RevocationState accept(RevocationState before, Instant now, byte[] body) {
    String sha = io.trustgate.core.format.Sha256.hex(body);
    Optional<AcceptedList> current = before.accepted();
    if (current.isPresent() && current.get().sha256().equals(sha)
        && current.get().signatureSkipped() == skipSignature) {
      // The very bytes already verified: still current.
      return new RevocationState(current, false, now, now, null, null, 0);
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
    AcceptedList accepted = new AcceptedList(parsed, sha, now, skipSignature);
    return new RevocationState(Optional.of(accepted), false, now, now, null, null, 0);
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
        before.consecutiveFailures() + 1);
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
