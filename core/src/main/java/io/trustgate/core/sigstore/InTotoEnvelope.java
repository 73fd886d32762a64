package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import dev.sigstore.bundle.Bundle.DsseEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * A DSSE envelope carrying an in-toto statement, for the verification paths that sigstore-java
 * 2.0.0 does not cover itself (Rekor {@code intoto} entries, and {@code hashedrekord} entries over
 * the DSSE pre-authentication encoding).
 */
final class InTotoEnvelope {
  static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DsseEnvelope envelope;

  private InTotoEnvelope(DsseEnvelope envelope) {
    this.envelope = envelope;
  }

  /** Accepts only an in-toto envelope with exactly one signature, as Sigstore bundles carry. */
  static InTotoEnvelope of(DsseEnvelope envelope) throws Rejection {
    if (!PAYLOAD_TYPE.equals(envelope.getPayloadType())) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          "The DSSE envelope's payload type is '"
              + Messages.clean(envelope.getPayloadType())
              + "', not "
              + PAYLOAD_TYPE
              + ".");
    }
    if (envelope.getSignatures().size() != 1) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          "The DSSE envelope must carry exactly one signature, found "
              + envelope.getSignatures().size()
              + ".");
    }
    return new InTotoEnvelope(envelope);
  }

  String payloadType() {
    return envelope.getPayloadType();
  }

  byte[] payload() {
    return envelope.getPayload();
  }

  byte[] signature() {
    return envelope.getSignatures().get(0).getSig();
  }

  /**
   * The DSSE v1 pre-authentication encoding, the bytes actually signed. Lengths are byte counts of
   * the raw payload (sigstore-java's own helper counts UTF-16 characters of a decoded string).
   */
  byte[] pae() {
    byte[] type = payloadType().getBytes(StandardCharsets.UTF_8);
    byte[] body = payload();
    var out = new ByteArrayOutputStream(body.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(type);
    out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  byte[] paeSha256() {
    return Hashing.sha256().hashBytes(pae()).asBytes();
  }

  byte[] payloadSha256() {
    return Hashing.sha256().hashBytes(payload()).asBytes();
  }

  /** Requires the artifact (by SHA-256) to be one of the in-toto statement's subjects. */
  void requireSubject(byte[] artifactSha256) throws Rejection {
    JsonNode statement;
    try {
      statement = JSON.readTree(payload());
    } catch (IOException e) {
      throw new Rejection(
          BUNDLE_MALFORMED, "The in-toto statement in the DSSE envelope is not valid JSON.");
    }
    JsonNode subjects = statement == null ? null : statement.get("subject");
    if (subjects == null || !subjects.isArray()) {
      throw new Rejection(
          BUNDLE_MALFORMED, "The in-toto statement in the DSSE envelope has no subject list.");
    }
    for (JsonNode subject : subjects) {
      JsonNode hex = subject.path("digest").path("sha256");
      if (hex.isTextual() && matchesHex(hex.asText(), artifactSha256)) {
        return;
      }
    }
    throw new Rejection(
        SIGNATURE_INVALID,
        "The artifact (sha256:"
            + BaseEncoding.base16().lowerCase().encode(artifactSha256)
            + ") is not a subject of the signed in-toto statement.");
  }

  private static boolean matchesHex(String hex, byte[] digest) {
    try {
      return MessageDigest.isEqual(
          BaseEncoding.base16().lowerCase().decode(hex.toLowerCase(Locale.ROOT)), digest);
    } catch (IllegalArgumentException notHex) {
      return false;
    }
  }
}
