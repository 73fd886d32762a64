package io.trustgate.kube.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls for a condition instead of sleeping a fixed time; generous deadline for slow CI. */
public final class Eventually {
  public static final Duration DEFAULT = Duration.ofSeconds(20);

  private Eventually() {}

  public static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  /** @param state describes what was seen instead, for the failure message */
  public static void await(String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + DEFAULT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + DEFAULT.toSeconds() + " s waiting until " + what
            + "; last seen: " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }
}
