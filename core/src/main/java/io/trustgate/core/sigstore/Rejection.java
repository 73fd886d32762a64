package io.trustgate.core.sigstore;

/** Internal short-circuit for a check that failed; becomes a failed {@link Verification}. */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final VerificationFailure failure;

  Rejection(VerificationFailure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  VerificationFailure failure() {
    return failure;
  }

  Verification toVerification() {
    return Verification.failed(failure, getMessage());
  }
}
