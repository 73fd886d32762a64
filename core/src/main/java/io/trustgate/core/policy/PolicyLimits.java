package io.trustgate.core.policy;

import java.time.Duration;

/**
 * The compiler's bounds on a TrustPolicy, the same for the webhook, the operator and the CLI.
 * Patterns are compiled on every policy change and matched on every admission, and the revocation
 * list is fetched on a timer: none of that may be steered into unbounded work.
 */
public final class PolicyLimits {
  /** identity, identityRegex, issuer, issuerRegex, versionFromTag; image globs have their own (1024). */
  public static final int MAX_PATTERN_LENGTH = 1024;
  /** manifests.url and revocations.url, as written (before placeholders are filled in). */
  public static final int MAX_URL_LENGTH = 2048;
  /**
   * Fetching a list more often than this only loads the release server: at most one fetch per
   * policy and process every 10 s, where a millisecond interval made dozens a second.
   */
  public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);
  /** A list refreshed less than weekly is not a recall channel. */
  public static final Duration MAX_REFRESH_INTERVAL = Duration.ofHours(168);
  /** Past 90 days, a list that cannot be refreshed no longer says what is recalled. */
  public static final Duration MAX_STALENESS = Duration.ofHours(2160);

  private PolicyLimits() {}

  /** "is 1025 characters long, more than the limit of 1024", or null within the limit. */
  static String lengthProblem(String text, int max) {
    return text.length() <= max
        ? null
        : "is " + text.length() + " characters long, more than the limit of " + max;
  }

  /** "must be at least 10s, got 1ms", or null within [min, max]. */
  static String durationProblem(Duration d, Duration min, Duration max, String written) {
    if (d.compareTo(min) < 0) {
      return "must be at least " + GoDuration.format(min) + ", got " + written;
    }
    if (d.compareTo(max) > 0) {
      return "must be at most " + GoDuration.format(max) + ", got " + written;
    }
    return null;
  }
}
