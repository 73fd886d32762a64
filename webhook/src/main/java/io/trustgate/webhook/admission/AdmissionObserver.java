package io.trustgate.webhook.admission;

/**
 * Told about every admission review the handler answers (not about rejected, malformed bodies:
 * those surface as {@link InvalidAdmissionReviewException}). Called on the request thread before
 * {@code handle} returns, so implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface AdmissionObserver {
  /** Observes nothing. */
  AdmissionObserver NONE = outcome -> {};

  void reviewed(ReviewOutcome outcome);
}
