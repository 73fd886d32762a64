package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.CERTIFICATE_EXPIRED;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;

import dev.sigstore.bundle.Bundle;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampException;
import dev.sigstore.trustroot.TransparencyLog;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.encoders.Hex;

/**
 * Checks the bundle's verified signing times, after sigstore-java has verified the evidence (signed
 * entry timestamp, RFC 3161 timestamps) they come from.
 *
 * <p>A signing time is either the Rekor integrated time, trusted only when the entry carries a
 * signed entry timestamp (inclusion promise) that covers it, or the generation time of an RFC 3161
 * timestamp. For each one:
 *
 * <ul>
 *   <li>the leaf certificate must be valid at that time. sigstore-java 2.0.0 checks this for RFC
 *       3161 timestamps but not for the integrated time, so a signature logged after its
 *       short-lived certificate expired would otherwise pass;
 *   <li>the log key must be inside its trusted-root {@code validFor} window (inclusive) at the
 *       time the entry was made, which sigstore-java does not check for Rekor entries: at the
 *       integrated time, or, for an entry without one (Rekor v2), at each RFC 3161 timestamp. This
 *       is what confines a retired Rekor shard's key to the entries it logged while in service.
 * </ul>
 */
final class SigningTimes {
  private final List<TransparencyLog> logs;

  SigningTimes(List<TransparencyLog> logs) {
    this.logs = List.copyOf(logs);
  }

  /**
   * Runs the checks and returns the signing time to report: the integrated time when it is trusted,
   * otherwise the earliest RFC 3161 timestamp.
   */
  Instant check(Bundle bundle, X509Certificate leaf) throws Rejection {
    Instant integrated = null;
    RekorEntry entry = bundle.getEntries().get(0);
    String set = entry.getVerification().getSignedEntryTimestamp();
    if (set != null && !set.isEmpty()) {
      integrated = entry.getIntegratedTimeInstant();
      requireLogKeyValid(entry, integrated, "integrated time");
      requireCertificateValid(leaf, integrated, "Rekor integrated time");
    }
    Instant earliestTimestamp = null;
    for (Bundle.Timestamp timestamp : bundle.getTimestamps()) {
      Instant generated = generationTime(timestamp);
      requireCertificateValid(leaf, generated, "RFC 3161 timestamp");
      if (integrated == null) {
        // Without an integrated time (Rekor v2), the timestamp says when the entry was made.
        requireLogKeyValid(entry, generated, "RFC 3161 timestamp");
      }
      if (earliestTimestamp == null || generated.isBefore(earliestTimestamp)) {
        earliestTimestamp = generated;
      }
    }
    if (integrated == null && earliestTimestamp == null) {
      // BundleIntake refuses such bundles; this guards against a caller skipping it.
      throw new Rejection(
          VerificationFailure.TRANSPARENCY_LOG_INVALID, "The bundle has no verified signing time.");
    }
    return integrated != null ? integrated : earliestTimestamp;
  }

  private void requireLogKeyValid(RekorEntry entry, Instant time, String source)
      throws Rejection {
    byte[] logId;
    try {
      logId = Hex.decode(entry.getLogID());
    } catch (DecoderException e) {
      throw new Rejection(BUNDLE_MALFORMED, "The transparency log entry has a malformed log id.");
    }
    if (TransparencyLog.find(logs, logId, time).isEmpty()) {
      throw new Rejection(
          UNTRUSTED_ROOT,
          "The transparency log key that signed the entry (log id "
              + Messages.clean(entry.getLogID())
              + ") was not valid at the "
              + source
              + " "
              + time
              + " according to the trusted root.");
    }
  }

  private static Instant generationTime(Bundle.Timestamp timestamp) throws Rejection {
    try {
      return ImmutableTimestampResponse.builder()
          .encoded(timestamp.getRfc3161Timestamp())
          .build()
          .getGenTime()
          .toInstant();
    } catch (TimestampException | RuntimeException e) {
      throw new Rejection(BUNDLE_MALFORMED, "An RFC 3161 timestamp in the bundle is unreadable.");
    }
  }

  private static void requireCertificateValid(X509Certificate leaf, Instant time, String source)
      throws Rejection {
    try {
      leaf.checkValidity(Date.from(time));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new Rejection(
          CERTIFICATE_EXPIRED,
          "The signing certificate (valid "
              + leaf.getNotBefore().toInstant()
              + " to "
              + leaf.getNotAfter().toInstant()
              + ") was not valid at the "
              + source
              + " "
              + time
              + ".");
    }
  }
}
