package io.trustgate.core.revocation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes revocation lists in the background, each on its own holder's cadence, so the
 * admission path only ever reads a snapshot. The first refresh of a holder runs at once.
 */
public final class RevocationScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationScheduler.class);

  private final ScheduledExecutorService executor;
  private final Consumer<RevocationListHolder> onRefresh;
  private final Map<RevocationListHolder, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();

  /**
   * @param onRefresh called after every refresh (metrics, status); must not throw
   */
  public RevocationScheduler(ScheduledExecutorService executor, Consumer<RevocationListHolder> onRefresh) {
    this.executor = executor;
    this.onRefresh = onRefresh;
  }

  /** Starts refreshing a holder now and then on its cadence, until {@link #stop}. */
  public void start(RevocationListHolder holder) {
    schedule(holder, Duration.ZERO);
  }

  public void stop(RevocationListHolder holder) {
    ScheduledFuture<?> f = scheduled.remove(holder);
    if (f != null) {
      f.cancel(false);
    }
  }

  /**
   * Refreshes a started holder once more, now (its persisted floor rose above the list in
   * use), without touching its cadence. Refreshes of one holder never overlap.
   */
  public void refreshNow(RevocationListHolder holder) {
    if (!scheduled.containsKey(holder)) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          if (scheduled.containsKey(holder)) {
            holder.refresh();
            onRefresh.accept(holder);
          }
        } catch (RuntimeException e) {
          LOG.error("policy {}: revocation refresh failed unexpectedly", holder.policy(), e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shutting down: the refresh no longer matters
    }
  }

  private void schedule(RevocationListHolder holder, Duration delay) {
    ScheduledFuture<?> f =
        executor.schedule(() -> run(holder), Math.max(delay.toMillis(), 0), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> previous = scheduled.put(holder, f);
    if (previous == null && !delay.isZero() && !delay.isNegative()) {
      // stop() ran meanwhile: keep it stopped.
      scheduled.remove(holder, f);
      f.cancel(false);
    }
  }

  private void run(RevocationListHolder holder) {
    try {
      holder.refresh();
      onRefresh.accept(holder);
    } catch (RuntimeException e) {
      LOG.error("policy {}: revocation refresh failed unexpectedly", holder.policy(), e);
    }
    if (scheduled.containsKey(holder)) {
      schedule(holder, holder.nextRefreshDelay());
    }
  }

  /** Whether a holder has a refresh pending. */
  boolean scheduled(RevocationListHolder holder) {
    return scheduled.containsKey(holder);
  }

  @Override
  public void close() {
    scheduled.values().forEach(f -> f.cancel(false));
    scheduled.clear();
  }
}
