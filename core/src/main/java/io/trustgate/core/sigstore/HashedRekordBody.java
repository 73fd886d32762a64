package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Rekor {@code hashedrekord} 0.0.1 entry a legacy cosign bundle's log entry records, read
 * strictly: what was signed (the SHA-256 digest), the signature, and the signer's certificate.
 * These are what must equal the bundle's own signature, certificate and the artifact (cosign
 * GHSA-8gw7-4j42-w388 and GHSA-whqx-f9j3-ch6m: a log entry from another signing passed).
 *
 * @param digest the SHA-256 digest the entry records
 * @param signature the signature the entry records
 * @param verifierPem the decoded {@code publicKey.content}: PEM text of the signer's certificate
 */
record HashedRekordBody(byte[] digest, byte[] signature, byte[] verifierPem) {
  static final String KIND = "hashedrekord";
  static final String VERSION = "0.0.1";

  private static final String WHERE = "The legacy bundle's log entry body";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static HashedRekordBody parse(byte[] body) throws Rejection {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + " is not valid JSON.");
    }
    if (tree == null || !tree.isObject()) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + " is not a JSON object.");
    }
    String kind = text(tree, "/kind");
    String version = text(tree, "/apiVersion");
    if (!KIND.equals(kind) || !VERSION.equals(version)) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          WHERE
              + " is a Rekor '"
              + Messages.clean(kind)
              + "' "
              + Messages.clean(version)
              + " entry; legacy bundles are verified for hashedrekord 0.0.1 entries only.");
    }
    String algorithm = text(tree, "/spec/data/hash/algorithm");
    if (!"sha256".equals(algorithm)) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          WHERE + " records a '" + Messages.clean(algorithm) + "' digest; only sha256 is supported.");
    }
    String hex = text(tree, "/spec/data/hash/value");
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new Rejection(BUNDLE_MALFORMED, WHERE + " has a malformed sha256 value.");
    }
    return new HashedRekordBody(
        HexFormat.of().parseHex(hex),
        base64(tree, "/spec/signature/content"),
        base64(tree, "/spec/signature/publicKey/content"));
  }

  private static String text(JsonNode tree, String pointer) throws Rejection {
    JsonNode node = tree.at(pointer);
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw new Rejection(
          BUNDLE_MALFORMED, WHERE + " has no string " + pointer.substring(1).replace('/', '.') + ".");
    }
    return node.asText();
  }

  private static byte[] base64(JsonNode tree, String pointer) throws Rejection {
    try {
      return Base64.getDecoder().decode(text(tree, pointer));
    } catch (IllegalArgumentException e) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          WHERE + "'s " + pointer.substring(1).replace('/', '.') + " is not valid base64.");
    }
  }
}
