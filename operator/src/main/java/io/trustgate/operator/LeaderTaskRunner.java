package io.trustgate.operator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LeaderTask}s while this replica leads: each reschedules itself after its own
 * {@code nextCheck()}; a failure is logged and retried after a short pause. Losing leadership
 * cancels what is scheduled, so regaining it never runs a task twice over.
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
  private final Map<LeaderTask, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private volatile boolean leading;
  /** Bumped on every start: a run from an earlier term never reschedules itself. */
  private volatile int term;

  LeaderTaskRunner(List<LeaderTask> tasks) {
    this.tasks = List.copyOf(tasks);
  }

  synchronized void startLeading() {
    if (leading) {
      return;
    }
    leading = true;
    term++;
    LOG.info("leading: starting {} leader task(s)", tasks.size());
    int current = term;
    tasks.forEach(t -> schedule(t, Duration.ZERO, current));
  }

  synchronized void stopLeading() {
    leading = false;
    pending.values().forEach(f -> f.cancel(false));
    pending.clear();
    LOG.info("no longer leading: leader tasks stop");
  }

  boolean leading() {
    return leading;
  }

  /** Runs scheduled and not yet started; none once leadership is lost. */
  int pendingRuns() {
    return (int) pending.values().stream().filter(f -> !f.isDone()).count();
  }

  private synchronized void schedule(LeaderTask task, Duration delay, int forTerm) {
    if (leading && forTerm == term) {
      pending.put(task, executor.schedule(() -> run(task, forTerm), delay.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private void run(LeaderTask task, int forTerm) {
    if (!leading || forTerm != term) {
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
    schedule(task, next, forTerm);
  }

  @Override
  public void close() {
    leading = false;
    executor.shutdownNow();
  }
}
