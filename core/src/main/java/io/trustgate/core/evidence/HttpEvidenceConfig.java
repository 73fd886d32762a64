package io.trustgate.core.evidence;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for {@link HttpEvidenceSource}. Every knob has a safe default ({@link #defaults()}).
 *
 * @param connectTimeout for establishing a connection; default 5 s
 * @param requestTimeout for a whole fetch: connecting, every redirect, headers and the complete
 *     body; default 10 s
 * @param maxBytes largest body accepted; default 8 MiB (a revocation list of ~40,000 entries),
 *     at most 1 GiB
 * @param maxRedirects redirects followed before giving up; default 5, 0 follows none
 * @param userAgent the User-Agent header; default {@code trustgate}
 */
public record HttpEvidenceConfig(
    Duration connectTimeout, Duration requestTimeout, long maxBytes, int maxRedirects,
    String userAgent) {

  public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
  static final long MAX_MAX_BYTES = 1L << 30;

  public HttpEvidenceConfig {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    if (maxBytes < 1 || maxBytes > MAX_MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be between 1 and " + MAX_MAX_BYTES + ", was " + maxBytes);
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("maxRedirects must not be negative, was " + maxRedirects);
    }
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || !userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("userAgent must be non-blank printable ASCII");
    }
  }

  public static HttpEvidenceConfig defaults() {
    return new HttpEvidenceConfig(
        Duration.ofSeconds(5), Duration.ofSeconds(10), DEFAULT_MAX_BYTES, 5, "trustgate");
  }

  public HttpEvidenceConfig withConnectTimeout(Duration value) {
    return new HttpEvidenceConfig(value, requestTimeout, maxBytes, maxRedirects, userAgent);
  }

  public HttpEvidenceConfig withRequestTimeout(Duration value) {
    return new HttpEvidenceConfig(connectTimeout, value, maxBytes, maxRedirects, userAgent);
  }

  public HttpEvidenceConfig withMaxBytes(long value) {
    return new HttpEvidenceConfig(connectTimeout, requestTimeout, value, maxRedirects, userAgent);
  }

  public HttpEvidenceConfig withMaxRedirects(int value) {
    return new HttpEvidenceConfig(connectTimeout, requestTimeout, maxBytes, value, userAgent);
  }

  public HttpEvidenceConfig withUserAgent(String value) {
    return new HttpEvidenceConfig(connectTimeout, requestTimeout, maxBytes, maxRedirects, value);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
