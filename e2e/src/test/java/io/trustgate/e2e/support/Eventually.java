package io.trustgate.e2e.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a condition holds; the measured time is what the scenario reports. */
public final class Eventually {
  private Eventually() {}

  /** Returns how long it took; throws with {@code what} and the last value seen on timeout. */
  public static <T> Duration await(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    T last = null;
    while (true) {
      last = probe.get();
      if (done.test(last)) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  public static Duration await(String what, Duration timeout, Supplier<Boolean> condition) {
    return await(what, timeout, condition, Boolean.TRUE::equals);
  }
}
