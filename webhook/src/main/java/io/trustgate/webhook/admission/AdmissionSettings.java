package io.trustgate.webhook.admission;

import io.trustgate.core.decision.DecisionEngine;
import java.time.Duration;
import java.util.Objects;

/**
 * How much work one admission review may take.
 *
 * @param deadline budget for judging one review, measured from when the handler starts it; work
 *     not done by then becomes a TIMEOUT finding. Keep it below the webhook's {@code timeoutSeconds}
 *     (the apiserver's default is 10 s) so the apiserver hears a denial rather than a timeout.
 * @param maxImages most image occurrences judged in one object; an object listing more is denied
 *     as a whole (TOO_MANY_IMAGES) rather than judged in part
 */
public record AdmissionSettings(Duration deadline, int maxImages) {
  /** The budget derived from the default 10 s webhook timeout (see ServingLimits). */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(7_500);

  public AdmissionSettings {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("admission deadline must be positive, got " + deadline);
    }
    if (maxImages < 1) {
      throw new IllegalArgumentException("maxImages must be at least 1, got " + maxImages);
    }
  }

  /** 7.5 s and {@link DecisionEngine#DEFAULT_MAX_IMAGES}. */
  public static AdmissionSettings defaults() {
    return new AdmissionSettings(DEFAULT_DEADLINE, DecisionEngine.DEFAULT_MAX_IMAGES);
  }
}
