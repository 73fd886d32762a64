package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.AlgorithmRegistry;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.ImmutableBundle;
import dev.sigstore.bundle.ImmutableTimestamp;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A legacy cosign bundle, as {@code cosign sign-blob --bundle} writes it before the Sigstore bundle
 * format (cosign v2.x without {@code --new-bundle-format}):
 *
 * <pre>{@code
 * {"base64Signature": "...", "cert": "<base64 of the PEM certificate>",
 *  "rekorBundle": {"SignedEntryTimestamp": "<base64>",
 *                  "Payload": {"body": "<base64>", "integratedTime": 1, "logIndex": 2, "logID": "<hex>"}},
 *  "RFC3161Timestamp": {"SignedRFC3161Timestamp": "<base64 DER TimeStampResp>"}}   (optional)
 * }</pre>
 *
 * <p>Read strictly (types checked, the certificate exactly one PEM certificate, the log entry a
 * hashedrekord 0.0.1) and verified as the Sigstore bundle it corresponds to ({@link #toBundle()}):
 * the Rekor payload becomes a log entry whose inclusion promise is the signed entry timestamp,
 * which signs exactly {@code {body, integratedTime, logID, logIndex}}, so no payload field can
 * change unnoticed. What the Sigstore format adds on top, the entry's inclusion proof, does not
 * exist here: the log's signed promise stands for it, as in cosign.
 */
final class LegacyCosignBundle {
  /** The bundle version whose shape the translation has: a certificate, a log entry with SET. */
  static final String VERIFIED_AS = "application/vnd.dev.sigstore.bundle+json;version=0.1";

  private static final String WHERE = "The legacy cosign bundle";

  private final byte[] signature;
  private final X509Certificate certificate;
  private final String signedEntryTimestamp;
  private final String body;
  private final HashedRekordBody entry;
  private final long integratedTime;
  private final long logIndex;
  private final String logId;
  private final byte[] rfc3161Timestamp;

  private LegacyCosignBundle(JsonNode tree) throws Rejection {
    this.signature = base64(requiredText(tree, "base64Signature"), "base64Signature");
    JsonNode cert = tree.get("cert");
    if (cert == null || cert.isNull() || (cert.isTextual() && cert.asText().isEmpty())) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          WHERE
              + " has no certificate (cert): it was signed with a key, and only keyless"
              + " (Fulcio certificate) signatures are verified.");
    }
    this.certificate =
        SingleCertificatePem.read(base64(requiredText(tree, "cert"), "cert"), WHERE + "'s cert");
    JsonNode rekor = tree.get("rekorBundle");
    if (rekor == null || rekor.isNull()) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID, WHERE + " has no transparency log entry (rekorBundle).");
    }
    requireObject(rekor, "rekorBundle");
    JsonNode set = rekor.get("SignedEntryTimestamp");
    if (set == null || set.isNull() || (set.isTextual() && set.asText().isEmpty())) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          WHERE + "'s log entry has no signed entry timestamp (rekorBundle.SignedEntryTimestamp).");
    }
    this.signedEntryTimestamp = requiredText(rekor, "rekorBundle.SignedEntryTimestamp");
    base64(signedEntryTimestamp, "rekorBundle.SignedEntryTimestamp");
    JsonNode payload = rekor.get("Payload");
    requireObject(payload, "rekorBundle.Payload");
    this.body = requiredText(payload, "rekorBundle.Payload.body");
    this.entry = HashedRekordBody.parse(base64(body, "rekorBundle.Payload.body"));
    this.integratedTime = requiredLong(payload, "integratedTime", 1);
    this.logIndex = requiredLong(payload, "logIndex", 0);
    this.logId = requiredText(payload, "rekorBundle.Payload.logID");
    if (!logId.matches("[0-9a-f]{64}")) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          WHERE + "'s rekorBundle.Payload.logID is not 64 lower-case hex digits.");
    }
    this.rfc3161Timestamp = timestamp(tree.get("RFC3161Timestamp"));
  }

  /** Whether {@code tree} has the legacy shape rather than a Sigstore bundle's. */
  static boolean looksLegacy(JsonNode tree) {
    return !tree.has("mediaType")
        && (tree.has("base64Signature") || tree.has("rekorBundle") || tree.has("cert"));
  }

  /** Reads the legacy bundle in {@code tree}, a JSON object. */
  static LegacyCosignBundle read(JsonNode tree) throws Rejection {
    return new LegacyCosignBundle(tree);
  }

  /**
   * The Sigstore bundle this legacy bundle corresponds to, for sigstore-java's checks: the
   * certificate, a message signature over the digest the log entry records, the log entry with the
   * signed entry timestamp as its inclusion promise, and the RFC 3161 timestamp when present.
   */
  Bundle toBundle() throws Rejection {
    var rekorEntry =
        ImmutableRekorEntry.builder()
            .body(body)
            .integratedTime(integratedTime)
            .logID(logId)
            .logIndex(logIndex)
            .verification(
                ImmutableVerification.builder().signedEntryTimestamp(signedEntryTimestamp).build())
            .build();
    try {
      var bundle =
          ImmutableBundle.builder()
              .mediaType(VERIFIED_AS)
              .certPath(Certificates.toCertPath(certificate))
              .messageSignature(
                  Bundle.MessageSignature.of(
                      AlgorithmRegistry.HashAlgorithm.SHA2_256, entry.digest(), signature))
              .addEntries(rekorEntry);
      if (rfc3161Timestamp != null) {
        bundle.addTimestamps(ImmutableTimestamp.builder().rfc3161Timestamp(rfc3161Timestamp).build());
      }
      return bundle.build();
    } catch (CertificateException | RuntimeException e) {
      throw new Rejection(
          BUNDLE_MALFORMED, WHERE + " cannot be read: " + Messages.detail(e) + ".");
    }
  }

  /**
   * Requires the log entry to record exactly this bundle's signing: its signature, its
   * certificate, and the artifact's digest. Run after the entry's signed entry timestamp verified,
   * so that a mismatch means a genuine log entry of another signing, not a damaged one.
   */
  void requireEntryRecords(byte[] artifactSha256) throws Rejection {
    if (!MessageDigest.isEqual(entry.signature(), signature)) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          WHERE
              + "'s log entry records a different signature than base64Signature: the rekorBundle"
              + " belongs to another signing.");
    }
    if (!recordsCertificate()) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          WHERE
              + "'s log entry records a different certificate than cert: the rekorBundle belongs to"
              + " another signing.");
    }
    if (!MessageDigest.isEqual(entry.digest(), artifactSha256)) {
      HexFormat hex = HexFormat.of();
      throw new Rejection(
          SIGNATURE_INVALID,
          "The signature does not verify over the artifact: the legacy cosign bundle was made"
              + " for other bytes, its log entry records sha256 "
              + hex.formatHex(entry.digest())
              + ", the file has sha256 "
              + hex.formatHex(artifactSha256)
              + ".");
    }
  }

  /** Whether the entry's key is this bundle's certificate (not a bare key, not another one). */
  private boolean recordsCertificate() throws Rejection {
    X509Certificate logged;
    try {
      logged = SingleCertificatePem.read(entry.verifierPem(), "the log entry's key");
    } catch (Rejection notOneCertificate) {
      return false;
    }
    return MessageDigest.isEqual(der(logged), der(certificate));
  }

  private static byte[] der(X509Certificate cert) throws Rejection {
    try {
      return cert.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + " has a certificate that cannot be encoded.");
    }
  }

  private static byte[] timestamp(JsonNode node) throws Rejection {
    if (node == null || node.isNull()) {
      return null;
    }
    requireObject(node, "RFC3161Timestamp");
    String value = requiredText(node, "RFC3161Timestamp.SignedRFC3161Timestamp");
    return base64(value, "RFC3161Timestamp.SignedRFC3161Timestamp");
  }

  private static void requireObject(JsonNode node, String field) throws Rejection {
    if (node == null || !node.isObject()) {
      throw new Rejection(
          BUNDLE_MALFORMED, WHERE + "'s " + field + (node == null ? " is missing." : " is not an object."));
    }
  }

  /** The string at {@code parent.path}; {@code path} is dotted from the top, for messages. */
  private static String requiredText(JsonNode parent, String path) throws Rejection {
    JsonNode node = parent.get(path.substring(path.lastIndexOf('.') + 1));
    if (node == null || node.isNull()) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + " has no " + path + ".");
    }
    if (!node.isTextual()) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + "'s " + path + " is not a string.");
    }
    if (node.asText().isEmpty()) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + "'s " + path + " is empty.");
    }
    return node.asText();
  }

  private static long requiredLong(JsonNode parent, String field, long min) throws Rejection {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + "'s rekorBundle.Payload has no " + field + ".");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          WHERE
              + "'s rekorBundle.Payload."
              + field
              + " is not an integer of at least "
              + min
              + ".");
    }
    return node.asLong();
  }

  private static byte[] base64(String value, String field) throws Rejection {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + "'s " + field + " is not valid base64.");
    }
  }
}
