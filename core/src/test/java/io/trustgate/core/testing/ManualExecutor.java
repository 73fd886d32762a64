package io.trustgate.core.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An executor that only queues: tests run the queued tasks when they choose, on their own thread. */
public final class ManualExecutor implements Executor {
  private final Deque<Runnable> queued = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    queued.addLast(task);
  }

  public synchronized int queued() {
    return queued.size();
  }

  /** Runs the oldest queued task; false when none is queued. */
  public boolean runOne() {
    Runnable next = poll();
    if (next == null) {
      return false;
    }
    next.run();
    return true;
  }

  /** Runs the queued tasks (and any they queue) until none is left; returns how many ran. */
  public int runAll() {
    int ran = 0;
    Runnable next;
    while ((next = poll()) != null) {
      next.run();
      ran++;
    }
    return ran;
  }

  private synchronized Runnable poll() {
    return queued.pollFirst();
  }
}
