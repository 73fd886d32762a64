package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.CERTIFICATE_EXPIRED;
import static io.trustgate.core.sigstore.VerificationFailure.IDENTITY_MISMATCH;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;

import dev.sigstore.KeylessVerificationException;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.timestamp.client.TimestampException;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;

/**
 * Maps sigstore-java 2.0.0 verification exceptions to a {@link VerificationFailure}.
 *
 * <p>sigstore-java signals most failures with one exception type, {@link
 * KeylessVerificationException}; the cause type tells the component (Fulcio, Rekor, timestamp
 * authority) and, for the checks KeylessVerifier makes itself, only the message tells what failed.
 * The message prefixes below are those of sigstore-java 2.0.0's KeylessVerifier. Every remaining
 * KeylessVerifier message concerns the log entry disagreeing with the bundle, hence the default.
 */
final class FailureClassifier {
  private record Rule(String messagePrefix, VerificationFailure failure, String lead) {}

  private static final String SIGNATURE_LEAD = "The signature does not verify over the artifact";
  private static final String LOG_LEAD = "The transparency log entry does not verify";

  private static final List<Rule> KEYLESS_RULES =
      List.of(
          new Rule("Provided artifact digest does not match", SIGNATURE_INVALID, SIGNATURE_LEAD),
          new Rule("Artifact signature was not valid", SIGNATURE_INVALID, SIGNATURE_LEAD),
          new Rule("Signature could not be processed", SIGNATURE_INVALID, SIGNATURE_LEAD),
          new Rule("DSSE signature was not valid", SIGNATURE_INVALID, SIGNATURE_LEAD),
          new Rule(
              "DSSE envelope must have payload type",
              UNSUPPORTED_BUNDLE,
              "The DSSE envelope is not an in-toto statement"),
          new Rule(
              "DSSE envelope must have exactly 1 signature",
              BUNDLE_MALFORMED,
              "The bundle is malformed"),
          new Rule("Could not parse DSSE payload", BUNDLE_MALFORMED, "The bundle is malformed"),
          new Rule("Found an empty or null RFC3161", BUNDLE_MALFORMED, "The bundle is malformed"),
          new Rule(
              "No provided certificate identities matched",
              IDENTITY_MISMATCH,
              "The signing certificate does not name the expected signer"),
          new Rule(
              "Could not verify certificate identities",
              IDENTITY_MISMATCH,
              "The signing certificate does not name the expected signer"));

  private FailureClassifier() {}

  /** Classifies a failure of {@code KeylessVerifier.verify}. */
  static Rejection fromKeyless(KeylessVerificationException e, SignerCertificateMatcher matcher) {
    if (matcher.mismatch() != null) {
      // Our matcher ran and said no: report its precise reason.
      return new Rejection(IDENTITY_MISMATCH, matcher.mismatch());
    }
    Throwable cause = e.getCause();
    if (cause instanceof FulcioVerificationException) {
      return fromFulcio(cause);
    }
    if (cause instanceof RekorVerificationException rekor) {
      return fromRekor(rekor);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("RFC3161 timestamp verification failed")) {
      return fromTimestamp(cause == null ? e : cause);
    }
    for (Rule rule : KEYLESS_RULES) {
      if (message.startsWith(rule.messagePrefix())) {
        return reject(rule.failure(), rule.lead(), e);
      }
    }
    return reject(TRANSPARENCY_LOG_INVALID, LOG_LEAD, e);
  }

  /** Certificate chain or SCT verification failed. */
  static Rejection fromFulcio(Throwable e) {
    return reject(UNTRUSTED_ROOT, "The signing certificate is not trusted by the trusted root", e);
  }

  /** sigstore-java's inclusion proof, checkpoint or signed entry timestamp check failed. */
  private static Rejection fromRekor(RekorVerificationException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Log entry (logid) does not match any provided transparency logs")) {
      return reject(
          UNTRUSTED_ROOT, "The transparency log entry comes from a log not in the trusted root", e);
    }
    Throwable detail = e.getCause() instanceof Exception ? e.getCause() : e;
    return new Rejection(
        TRANSPARENCY_LOG_INVALID, LOG_LEAD + ": " + Messages.detail(e) + suffix(detail, e) + ".");
  }

  /** RFC 3161 timestamp verification, or the certificate validity check at its time, failed. */
  static Rejection fromTimestamp(Throwable e) {
    if (e instanceof CertificateExpiredException || e instanceof CertificateNotYetValidException) {
      return reject(
          CERTIFICATE_EXPIRED,
          "The signing certificate was not valid at the time of the RFC 3161 timestamp",
          e);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof TimestampException
        || message.startsWith("Failed to parse TimeStampResponse")
        || message.startsWith("No TimeStampToken found")) {
      return reject(BUNDLE_MALFORMED, "An RFC 3161 timestamp in the bundle is unreadable", e);
    }
    if (e instanceof TimestampVerificationException && message.contains("message imprint")) {
      return reject(
          SIGNATURE_INVALID, "The RFC 3161 timestamp was not issued over this signature", e);
    }
    return reject(
        UNTRUSTED_ROOT,
        "The RFC 3161 timestamp does not verify against a trusted timestamp authority",
        e);
  }

  private static Rejection reject(VerificationFailure failure, String lead, Throwable e) {
    return new Rejection(failure, lead + ": " + Messages.detail(e) + ".");
  }

  private static String suffix(Throwable detail, Throwable outer) {
    return detail == outer ? "" : " (" + Messages.detail(detail) + ")";
  }
}
