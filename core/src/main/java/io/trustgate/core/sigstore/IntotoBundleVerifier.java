package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.IDENTITY_MISMATCH;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;

import dev.sigstore.bundle.Bundle;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampVerificationException;
import dev.sigstore.timestamp.client.TimestampVerifier;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Verifies a DSSE bundle whose log entry is a Rekor {@code intoto} 0.0.2 entry, which sigstore-java
 * 2.0.0's KeylessVerifier rejects as an unexpected entry type.
 *
 * <p>It runs the same steps as KeylessVerifier, built from sigstore-java's own component verifiers:
 * certificate chain and SCT (Fulcio), signer identity, DSSE signature over the pre-authentication
 * encoding, artifact as a statement subject, entry-to-envelope consistency, RFC 3161 timestamps,
 * then the log entry's signed entry timestamp, inclusion proof and checkpoint ({@link
 * LogEntryVerifier}, which, unlike sigstore-java's RekorVerifier, accepts the checkpoints of logs
 * whose base URL has a port or path). The entry-to-envelope consistency is {@link IntotoLogEntry}.
 */
final class IntotoBundleVerifier {
  private final FulcioVerifier fulcio;
  private final LogEntryVerifier logEntries;
  private final TimestampVerifier timestamps;

  IntotoBundleVerifier(
      FulcioVerifier fulcio, LogEntryVerifier logEntries, TimestampVerifier timestamps) {
    this.fulcio = fulcio;
    this.logEntries = logEntries;
    this.timestamps = timestamps;
  }

  void verify(
      byte[] artifactSha256,
      Bundle bundle,
      InTotoEnvelope envelope,
      SignerCertificateMatcher matcher)
      throws Rejection {
    X509Certificate leaf = Certificates.getLeaf(bundle.getCertPath());
    try {
      fulcio.verifySigningCertificate(bundle.getCertPath());
    } catch (FulcioVerificationException | IOException e) {
      throw FailureClassifier.fromFulcio(e);
    }
    if (!matcher.test(leaf)) {
      throw new Rejection(IDENTITY_MISMATCH, matcher.mismatch());
    }
    requireSignature(leaf, envelope);
    envelope.requireSubject(artifactSha256);

    RekorEntry entry = bundle.getEntries().get(0);
    IntotoLogEntry.parse(Base64.getDecoder().decode(entry.getBody()))
        .requireRecords(envelope, leaf);

    for (Bundle.Timestamp timestamp : bundle.getTimestamps()) {
      try {
        timestamps.verify(
            ImmutableTimestampResponse.builder().encoded(timestamp.getRfc3161Timestamp()).build(),
            envelope.signature());
      } catch (TimestampVerificationException e) {
        throw FailureClassifier.fromTimestamp(e);
      }
    }
    logEntries.verify(entry);
  }

  private static void requireSignature(X509Certificate leaf, InTotoEnvelope envelope)
      throws Rejection {
    boolean valid;
    try {
      valid =
          Verifiers.newVerifier(leaf.getPublicKey()).verify(envelope.pae(), envelope.signature());
    } catch (GeneralSecurityException e) {
      throw new Rejection(
          SIGNATURE_INVALID, "The DSSE signature cannot be checked: " + Messages.detail(e) + ".");
    }
    if (!valid) {
      throw new Rejection(SIGNATURE_INVALID, "The DSSE signature is not valid.");
    }
  }
}
