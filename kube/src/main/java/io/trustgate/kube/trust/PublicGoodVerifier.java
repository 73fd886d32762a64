package io.trustgate.kube.trust;

import io.trustgate.core.sigstore.BundleVerifier;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier over the Sigstore public-good root. Building it fetches TUF metadata over the
 * network, so it is built once, in the background, on first demand; failures are retried with a
 * capped backoff. Until it exists {@link #get()} is empty and never blocks the admission path.
 */
final class PublicGoodVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(PublicGoodVerifier.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(15);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final Supplier<BundleVerifier> factory;
  private final ScheduledExecutorService executor;
  private final Runnable onLoaded;
  private final Duration firstRetry;
  private final AtomicBoolean requested = new AtomicBoolean();
  private volatile Optional<BundleVerifier> verifier = Optional.empty();
  private volatile String lastError;
  private volatile boolean closed;
  private int failures;

  PublicGoodVerifier(
      Supplier<BundleVerifier> factory, ScheduledExecutorService executor, Duration firstRetry, Runnable onLoaded) {
    this.factory = factory;
    this.executor = executor;
    this.firstRetry = firstRetry;
    this.onLoaded = onLoaded;
  }

  Optional<BundleVerifier> get() {
    Optional<BundleVerifier> v = verifier;
    if (v.isEmpty() && requested.compareAndSet(false, true)) {
      submit(0);
    }
    return v;
  }

  Optional<String> problem() {
    if (verifier.isPresent()) {
      return Optional.empty();
    }
    String error = lastError;
    return Optional.of(error == null
        ? "the Sigstore public-good trusted root is still being fetched through TUF"
        : error);
  }

  void close() {
    closed = true;
  }

  private void submit(long delayMillis) {
    if (closed) {
      return;
    }
    try {
      executor.schedule(this::load, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("public-good trust root not (re)loaded: executor is shut down");
    }
  }

  private void load() {
    if (closed) {
      return;
    }
    try {
      BundleVerifier v = factory.get();
      verifier = Optional.of(v);
      lastError = null;
      LOG.info("Sigstore public-good trust root loaded: {}", v.trustRoot().describe());
    } catch (RuntimeException e) {
      // TrustRootException for TUF and network failures; anything else is no reason to give up.
      failures++;
      Duration delay = backoff(failures);
      lastError = String.valueOf(e.getMessage());
      LOG.warn("Sigstore public-good trust root not available (attempt {}), retrying in {} ms: {}",
          failures, delay.toMillis(), lastError);
      submit(delay.toMillis());
      return;
    }
    onLoaded.run();
  }

  private Duration backoff(int failures) {
    Duration d = firstRetry.multipliedBy(1L << Math.min(failures - 1, 10));
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }
}
