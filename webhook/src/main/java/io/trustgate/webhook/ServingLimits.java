package io.trustgate.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How much the webhook takes on at once and how long it waits, so that no client (slow, hostile
 * or many) can stall the answers the apiserver is waiting for. Defaults and flags are documented
 * in docs/webhook.md.
 *
 * @param webhookTimeout the {@code timeoutSeconds} of the webhook registrations: how long the
 *     apiserver waits for an answer. The admission deadline is derived from it (see {@link
 *     #derivedDeadline}); a shutdown drains in-flight reviews for at most this long
 * @param reviewThreads threads judging AdmissionReviews (half as many compile TrustPolicies under
 *     review); they never wait for evidence (that wait is asynchronous), so a few per CPU suffice
 * @param reviewQueue reviews waiting for a thread; beyond it a review is answered 429 at once
 * @param handshakeTimeout a connection that has not completed its TLS handshake by then is closed
 * @param idleTimeout a connection that sends nothing for this long is closed, in the middle of a
 *     request or between requests
 * @param maxConnections open connections served at once; further ones are closed on accept
 * @param inlineReviewBytes AdmissionReviews up to this size are parsed, and judged when their
 *     evidence is cached and they name at most {@link #INLINE_MAX_IMAGES} images, on the thread
 *     that received them (Netty's event loop): about 15 µs, less than handing them to a review
 *     thread and back costs. Larger bodies, and reviews that must wait for evidence, go to the
 *     review threads. 0 sends every review to the review threads
 */
public record ServingLimits(
    Duration webhookTimeout,
    int reviewThreads,
    int reviewQueue,
    Duration handshakeTimeout,
    Duration idleTimeout,
    int maxConnections,
    int inlineReviewBytes) {

  public static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_REVIEW_QUEUE = 256;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  /**
   * 64 KiB: a Deployment with a handful of containers is 3–10 KiB as an AdmissionReview, and
   * parsing 64 KiB takes well under a millisecond, so no review holds the event loop for longer.
   */
  public static final int DEFAULT_INLINE_REVIEW_BYTES = 64 * 1024;
  /** At most 16 images judged on the event loop: each one is a reference parse and a few lookups. */
  public static final int INLINE_MAX_IMAGES = 16;
  /** Largest --inline-review-bytes: beyond it a parse on the event loop would stall other clients. */
  public static final int MAX_INLINE_REVIEW_BYTES = 256 * 1024;
  private static final Duration MIN_MARGIN = Duration.ofSeconds(2);

  public ServingLimits {
    Objects.requireNonNull(webhookTimeout, "webhookTimeout");
    if (webhookTimeout.compareTo(Duration.ofSeconds(1)) < 0 || webhookTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException(
          "--webhook-timeout must be between 1s and 30s (the apiserver's range for timeoutSeconds), got " + webhookTimeout);
    }
    if (reviewThreads < 1) {
      throw new IllegalArgumentException("--review-threads must be at least 1");
    }
    if (reviewQueue < 1) {
      throw new IllegalArgumentException("--review-queue must be at least 1");
    }
    requirePositive(handshakeTimeout, "--handshake-timeout");
    requirePositive(idleTimeout, "--idle-timeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("--max-connections must be at least 1");
    }
    if (inlineReviewBytes < 0 || inlineReviewBytes > MAX_INLINE_REVIEW_BYTES) {
      throw new IllegalArgumentException("--inline-review-bytes must be between 0 and " + MAX_INLINE_REVIEW_BYTES
          + " (bodies judged on the event loop must stay small), got " + inlineReviewBytes);
    }
  }

  /** Two review threads per CPU (at least four), and the documented defaults. */
  public static ServingLimits defaults() {
    return new ServingLimits(DEFAULT_WEBHOOK_TIMEOUT, defaultReviewThreads(), DEFAULT_REVIEW_QUEUE,
        DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_INLINE_REVIEW_BYTES);
  }

  /**
   * Two per CPU, at least four: the work is CPU-bound, but a spare thread per CPU rides out GC
   * pauses and a busy node's scheduling (measured in docs/benchmarks.md).
   */
  public static int defaultReviewThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * The admission budget: the webhook timeout minus a margin of max(2 s, 25 %), capped at half
   * the timeout. The margin pays for what the deadline cannot see: the body arriving, the TLS
   * write, GC pauses and the apiserver's own clock. 10 s gives 7.5 s, 5 s gives 3 s, 2 s gives 1 s.
   */
  public Duration derivedDeadline() {
    Duration quarter = webhookTimeout.dividedBy(4);
    Duration margin = quarter.compareTo(MIN_MARGIN) > 0 ? quarter : MIN_MARGIN;
    Duration half = webhookTimeout.dividedBy(2);
    if (margin.compareTo(half) > 0) {
      margin = half;
    }
    return webhookTimeout.minus(margin);
  }

  private static void requirePositive(Duration d, String flag) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(flag + " must be positive");
    }
  }
}
