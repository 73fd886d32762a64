package io.trustgate.operator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LeaderTask}s while this replica leads: each reschedules itself after its own
 * {@code nextCheck()}; a failure is logged and retried after a short pause.
 */
final class LeaderTaskRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderTaskRunner.class);
  private static final Duration RETRY = Duration.ofSeconds(30);

  private final List<LeaderTask> tasks;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trustgate-leader-tasks");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean leading;

  LeaderTaskRunner(List<LeaderTask> tasks) {
    this.tasks = List.copyOf(tasks);
  }

  synchronized void startLeading() {
    if (leading) {
      return;
    }
    leading = true;
    LOG.info("leading: starting {} leader task(s)", tasks.size());
    tasks.forEach(t -> schedule(t, Duration.ZERO));
  }

  synchronized void stopLeading() {
    leading = false;
    LOG.info("no longer leading: leader tasks stop");
  }

  boolean leading() {
    return leading;
  }

  private void schedule(LeaderTask task, Duration delay) {
    ScheduledFuture<?> ignored = executor.schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run(LeaderTask task) {
    if (!leading) {
      return;
    }
    Duration next;
    try {
      task.reconcile();
      next = task.nextCheck();
    } catch (RuntimeException e) {
      LOG.warn("leader task {} failed, retrying in {}s: {}", task.name(), RETRY.toSeconds(), e.toString());
      next = RETRY;
    }
    schedule(task, next);
  }

  @Override
  public void close() {
    leading = false;
    executor.shutdownNow();
  }
}
