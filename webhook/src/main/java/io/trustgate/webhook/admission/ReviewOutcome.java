package io.trustgate.webhook.admission;

import io.trustgate.core.decision.Decision;
import java.time.Duration;

/**
 * What became of one admission review, for metrics and the structured log line.
 *
 * @param judged false when trustgate did not look at the object: DELETE or CONNECT, a kind without
 *     a pod spec, or a subresource other than {@code pods/ephemeralcontainers}; the decision is then
 *     empty and allowed
 * @param latency from the start of {@link AdmissionReviewHandler#handle(byte[])} until the response
 *     bytes were ready
 */
public record ReviewOutcome(ReviewedRequest request, boolean judged, Decision decision, Duration latency) {

  public boolean allowed() {
    return decision.allowed();
  }
}
