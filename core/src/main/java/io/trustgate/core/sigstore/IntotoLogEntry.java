package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.BaseEncoding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;

/**
 * The body of a Rekor {@code intoto} 0.0.2 log entry, and the check that it records the bundle's
 * DSSE envelope. sigstore-java 2.0.0 only understands {@code dsse} entries for DSSE bundles.
 *
 * <p>Rekor stores in the entry the SHA-256 of the envelope payload, the payload type and, per
 * signature, the signature and the signer's PEM certificate. Signature and payload are kept as the
 * base64 text of the envelope, base64-encoded once more. The entry's {@code hash} field covers the
 * envelope JSON as it was submitted, which cannot be reproduced from a bundle, so it is not used;
 * the payload hash, signature and certificate bind the entry to the envelope.
 */
final class IntotoLogEntry {
  static final String KIND = "intoto";
  static final String VERSION = "0.0.2";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode content;

  private IntotoLogEntry(JsonNode content) {
    this.content = content;
  }

  /** Parses a canonicalized entry body (as Rekor logged it). */
  static IntotoLogEntry parse(byte[] body) throws Rejection {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw mismatch("its body is not valid JSON");
    }
    if (root == null
        || !KIND.equals(root.path("kind").asText())
        || !VERSION.equals(root.path("apiVersion").asText())) {
      throw mismatch("it is not an intoto 0.0.2 entry");
    }
    JsonNode content = root.path("spec").path("content");
    if (!content.isObject()) {
      throw mismatch("it has no spec.content");
    }
    return new IntotoLogEntry(content);
  }

  /** Requires the entry to record exactly this envelope, signed by exactly this certificate. */
  void requireRecords(InTotoEnvelope envelope, X509Certificate leaf) throws Rejection {
    JsonNode payloadHash = content.path("payloadHash");
    if (!"sha256".equals(payloadHash.path("algorithm").asText())
        || !hexEquals(payloadHash.path("value").asText(), envelope.payloadSha256())) {
      throw mismatch("its payload hash is not the SHA-256 of the bundle's DSSE payload");
    }
    JsonNode logged = content.path("envelope");
    JsonNode type = logged.path("payloadType");
    if (!type.isMissingNode() && !envelope.payloadType().equals(type.asText())) {
      throw mismatch("its payload type differs from the bundle's DSSE envelope");
    }
    JsonNode payload = logged.path("payload");
    if (!payload.isMissingNode()
        && !MessageDigest.isEqual(doubleBase64(payload.asText()), envelope.payload())) {
      throw mismatch("its payload differs from the bundle's DSSE payload");
    }
    JsonNode signatures = logged.path("signatures");
    if (!signatures.isArray() || signatures.size() != 1) {
      throw mismatch("it does not record exactly one signature");
    }
    JsonNode signature = signatures.get(0);
    if (!MessageDigest.isEqual(
        doubleBase64(signature.path("sig").asText()), envelope.signature())) {
      throw mismatch("its signature differs from the bundle's DSSE signature");
    }
    if (!sameCertificate(signature.path("publicKey").asText(), leaf)) {
      throw mismatch("its certificate differs from the bundle's signing certificate");
    }
  }

  private static boolean hexEquals(String hex, byte[] digest) {
    try {
      return MessageDigest.isEqual(
          BaseEncoding.base16().lowerCase().decode(hex.toLowerCase(Locale.ROOT)), digest);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Decodes base64 of base64 text; undecodable input yields an empty array (never equal). */
  private static byte[] doubleBase64(String text) {
    try {
      String inner = new String(Base64.getDecoder().decode(text), StandardCharsets.US_ASCII);
      return Base64.getDecoder().decode(inner.trim());
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static boolean sameCertificate(String base64Pem, X509Certificate leaf) {
    try {
      byte[] pem = Base64.getDecoder().decode(base64Pem);
      var logged =
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem));
      return MessageDigest.isEqual(logged.getEncoded(), leaf.getEncoded());
    } catch (IllegalArgumentException | CertificateException e) {
      return false;
    }
  }

  private static Rejection mismatch(String why) {
    return new Rejection(
        TRANSPARENCY_LOG_INVALID,
        "The intoto transparency log entry does not match the bundle: " + why + ".");
  }
}
