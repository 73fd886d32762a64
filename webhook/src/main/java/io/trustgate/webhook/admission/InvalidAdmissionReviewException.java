package io.trustgate.webhook.admission;

/**
 * The request body is not an AdmissionReview v1 request trustgate can answer: not JSON, not an
 * object, another apiVersion or kind, or no {@code request.uid} to echo. The message is one short
 * sentence, safe to return to the caller as is.
 */
public final class InvalidAdmissionReviewException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidAdmissionReviewException(String message) {
    // No stack trace: this is a verdict on the input, not a fault in trustgate, and hostile
    // callers should not make us pay for capturing one.
    super(message, null, false, false);
  }
}
