package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.json.ProtoJson;
import dev.sigstore.proto.bundle.v1.VerificationMaterial;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads untrusted bundle bytes into a sigstore-java {@link Bundle}, refusing early and with a
 * precise reason what sigstore-java would reject vaguely, throw on unexpectedly, or not check.
 *
 * <p>Order: size bound, JSON syntax (Jackson, which also bounds nesting depth before the protobuf
 * parser sees the input), then either the legacy cosign format ({@link LegacyCosignBundle}) or the
 * protobuf structure and sigstore-java's reader.
 */
final class BundleIntake {
  /** Real bundles are a few kilobytes; anything above this is refused before parsing. */
  static final int MAX_BUNDLE_BYTES = 1024 * 1024;

  static final List<String> SUPPORTED_MEDIA_TYPES =
      List.of(
          "application/vnd.dev.sigstore.bundle+json;version=0.1",
          "application/vnd.dev.sigstore.bundle+json;version=0.2",
          "application/vnd.dev.sigstore.bundle+json;version=0.3",
          "application/vnd.dev.sigstore.bundle.v0.3+json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private BundleIntake() {}

  /**
   * A bundle as read: the sigstore-java {@link Bundle} to verify and, for a legacy cosign bundle,
   * the legacy bundle it was translated from, whose own checks must run too.
   *
   * @param legacy null for a Sigstore bundle
   */
  record Intake(Bundle bundle, LegacyCosignBundle legacy) {}

  /** Reads either bundle format; see {@link #intake(byte[])}. */
  static Bundle read(byte[] bytes) throws Rejection {
    return intake(bytes).bundle();
  }

  static Intake intake(byte[] bytes) throws Rejection {
    if (bytes.length == 0) {
      throw new Rejection(BUNDLE_MALFORMED, "The bundle is empty.");
    }
    if (bytes.length > MAX_BUNDLE_BYTES) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          "The bundle is "
              + bytes.length
              + " bytes, more than the limit of "
              + MAX_BUNDLE_BYTES
              + " bytes.");
    }
    JsonNode tree = parseJson(bytes);
    if (LegacyCosignBundle.looksLegacy(tree)) {
      LegacyCosignBundle legacy = LegacyCosignBundle.read(tree);
      return new Intake(legacy.toBundle(), legacy);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    checkStructure(parseProto(text));
    try {
      return new Intake(Bundle.from(new StringReader(text)), null);
    } catch (BundleParseException | RuntimeException e) {
      throw new Rejection(
          BUNDLE_MALFORMED, "The bundle is malformed: " + Messages.detailWithCause(e) + ".");
    }
  }

  private static JsonNode parseJson(byte[] bytes) throws Rejection {
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new Rejection(
          BUNDLE_MALFORMED,
          "The bundle is not valid JSON"
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
              + ": "
              + Messages.clean(e.getOriginalMessage())
              + ".");
    } catch (IOException e) {
      throw new Rejection(
          BUNDLE_MALFORMED, "The bundle cannot be read: " + Messages.detailWithCause(e) + ".");
    }
    if (tree == null || tree.isMissingNode()) {
      throw new Rejection(BUNDLE_MALFORMED, "The bundle is empty.");
    }
    if (!tree.isObject()) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          "The bundle is a JSON " + tree.getNodeType().name().toLowerCase() + ", not an object.");
    }
    return tree;
  }

  private static dev.sigstore.proto.bundle.v1.Bundle parseProto(String text) throws Rejection {
    var builder = dev.sigstore.proto.bundle.v1.Bundle.newBuilder();
    try {
      ProtoJson.parser().merge(text, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new Rejection(
          BUNDLE_MALFORMED, "The bundle is malformed: " + Messages.detailWithCause(e) + ".");
    }
    return builder.build();
  }

  private static void checkStructure(dev.sigstore.proto.bundle.v1.Bundle bundle) throws Rejection {
    String mediaType = bundle.getMediaType();
    if (mediaType.isEmpty()) {
      throw new Rejection(BUNDLE_MALFORMED, "The bundle has no mediaType.");
    }
    if (!SUPPORTED_MEDIA_TYPES.contains(mediaType)) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          "The bundle media type '"
              + Messages.clean(mediaType)
              + "' is not supported; supported are bundle versions 0.1, 0.2 and 0.3.");
    }
    VerificationMaterial material = bundle.getVerificationMaterial();
    if (material.hasPublicKey()) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          "The bundle is signed with a plain public key, not a Fulcio certificate; only keyless"
              + " (certificate) signatures are verified.");
    }
    if (!material.hasCertificate() && !material.hasX509CertificateChain()) {
      throw new Rejection(BUNDLE_MALFORMED, "The bundle has no signing certificate.");
    }
    if (material.hasX509CertificateChain()
        && material.getX509CertificateChain().getCertificatesCount() == 0) {
      throw new Rejection(BUNDLE_MALFORMED, "The bundle's certificate chain is empty.");
    }
    if (!bundle.hasMessageSignature() && !bundle.hasDsseEnvelope()) {
      throw new Rejection(
          BUNDLE_MALFORMED, "The bundle holds neither a message signature nor a DSSE envelope.");
    }
    checkLogEntries(bundle, material);
  }

  private static void checkLogEntries(
      dev.sigstore.proto.bundle.v1.Bundle bundle, VerificationMaterial material) throws Rejection {
    int entries = material.getTlogEntriesCount();
    if (entries == 0) {
      throw new Rejection(TRANSPARENCY_LOG_INVALID, "The bundle has no transparency log entry.");
    }
    // sigstore-java verifies only the first entry; never let others ride along unverified.
    if (entries > 1) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          "The bundle has " + entries + " transparency log entries; exactly one is supported.");
    }
    TransparencyLogEntry entry = material.getTlogEntries(0);
    if (entry.getLogIndex() < 0) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          "The transparency log entry has a negative log index (" + entry.getLogIndex() + ").");
    }
    if (!entry.hasInclusionProof()) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          "The transparency log entry has no inclusion proof, and verification never fetches one"
              + " online.");
    }
    boolean hasPromise =
        entry.hasInclusionPromise()
            && !entry.getInclusionPromise().getSignedEntryTimestamp().isEmpty();
    boolean hasTimestamp =
        material.hasTimestampVerificationData()
            && material.getTimestampVerificationData().getRfc3161TimestampsCount() > 0;
    // protobuf-specs: a v0.1 bundle's log entry carries an inclusion promise (v0.2 made the
    // inclusion proof the required part); sigstore-js and sigstore-python refuse one without it.
    if (!hasPromise && bundle.getMediaType().equals(SUPPORTED_MEDIA_TYPES.get(0))) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          "The bundle is version 0.1, which requires the log's signed entry timestamp (inclusion"
              + " promise); its transparency log entry has none.");
    }
    if (!hasPromise && !hasTimestamp) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          "The bundle has no verifiable signing time: neither a signed entry timestamp from the"
              + " log nor an RFC 3161 timestamp.");
    }
  }
}
