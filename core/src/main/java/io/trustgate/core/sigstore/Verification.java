package io.trustgate.core.sigstore;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of verifying one bundle. {@code failure == null} means verified; then the signer's
 * identity, issuer and signing time are set. Otherwise {@code message} says why in one sentence.
 *
 * @param failure why verification failed, or null when it succeeded
 * @param message one human sentence, never a stack trace
 * @param signerIdentity the certificate's subject alternative name (URI or email), on success
 * @param signerIssuer the certificate's OIDC issuer, on success
 * @param integratedTime the verified signing time on success: the Rekor integrated time when the
 *     entry carries a signed entry timestamp, otherwise the earliest RFC 3161 timestamp
 */
public record Verification(
    VerificationFailure failure,
    String message,
    String signerIdentity,
    String signerIssuer,
    Instant integratedTime) {

  public Verification {
    Objects.requireNonNull(message, "message");
    if (failure == null) {
      Objects.requireNonNull(signerIdentity, "signerIdentity");
      Objects.requireNonNull(signerIssuer, "signerIssuer");
      Objects.requireNonNull(integratedTime, "integratedTime");
    }
  }

  public static Verification verified(String signerIdentity, String signerIssuer, Instant time) {
    return new Verification(
        null,
        "Verified: signed by " + signerIdentity + " (issuer " + signerIssuer + ") at " + time + ".",
        signerIdentity,
        signerIssuer,
        time);
  }

  public static Verification failed(VerificationFailure failure, String message) {
    return new Verification(Objects.requireNonNull(failure, "failure"), message, null, null, null);
  }

  public boolean verified() {
    return failure == null;
  }
}
