package io.trustgate.webhook.server;

import io.trustgate.webhook.ServingLimits;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded thread pools behind the HTTP endpoints, so nothing CPU-heavy runs on Netty's event
 * loop: parsing bodies, judging admissions and compiling TrustPolicies under review. Both pools
 * have fixed sizes and bounded queues; a full queue rejects at once (the controllers answer 429)
 * rather than letting work pile up past the apiserver's timeout.
 *
 * <p>Policy reviews get their own small pool: a TrustPolicy with huge patterns may keep a thread
 * busy past its compile budget (RE2 compilation cannot be interrupted), and it must never take
 * a thread an admission needs.
 */
public final class ReviewExecutors implements AutoCloseable {
  /** TrustPolicy reviews are rare (kubectl apply); a short queue is plenty. */
  static final int POLICY_QUEUE = 16;

  private final ThreadPoolExecutor admissions;
  private final ThreadPoolExecutor policies;

  public ReviewExecutors(ServingLimits limits) {
    this.admissions = bounded(limits.reviewThreads(), limits.reviewQueue(), "trustgate-review");
    this.policies = bounded(Math.max(1, limits.reviewThreads() / 2), POLICY_QUEUE, "trustgate-policy-review");
  }

  /** Judges AdmissionReviews (never waits for evidence: that wait is asynchronous). */
  public ExecutorService admissions() {
    return admissions;
  }

  /** Compiles TrustPolicies under review. */
  public ExecutorService policies() {
    return policies;
  }

  /** Stops taking work and gives queued and running reviews up to {@code grace} to finish. */
  public void drain(Duration grace) {
    admissions.shutdown();
    policies.shutdown();
    try {
      long until = System.nanoTime() + grace.toNanos();
      admissions.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      policies.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    admissions.shutdownNow();
    policies.shutdownNow();
  }

  private static ThreadPoolExecutor bounded(int threads, int queue, String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), factory,
        new ThreadPoolExecutor.AbortPolicy());
  }
}
