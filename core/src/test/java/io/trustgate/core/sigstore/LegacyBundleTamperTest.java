package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.LegacyFixtures.ARTIFACT;
import static io.trustgate.core.sigstore.LegacyFixtures.base64;
import static io.trustgate.core.sigstore.LegacyFixtures.bytes;
import static io.trustgate.core.sigstore.LegacyFixtures.decoded;
import static io.trustgate.core.sigstore.LegacyFixtures.payload;
import static io.trustgate.core.sigstore.LegacyFixtures.relog;
import static io.trustgate.core.sigstore.LegacyFixtures.sign;
import static io.trustgate.core.sigstore.LegacyFixtures.verify;
import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a legacy cosign bundle, altered, fails verification with its own reason. The
 * signed entry timestamp binds the whole {@code Payload}; the log entry it signs must record the
 * bundle's signature, certificate and the artifact.
 */
class LegacyBundleTamperTest {
  static final ObjectNode GOOD = sign(ARTIFACT);
  static final ObjectNode OTHER_SIGNING = sign(ARTIFACT);

  record Tamper(String field, Consumer<ObjectNode> edit) {
    @Override
    public String toString() {
      return field;
    }
  }

  static Arguments tamper(
      String field, Consumer<ObjectNode> edit, VerificationFailure failure, String message) {
    return Arguments.of(new Tamper(field, edit), failure, message);
  }

  static String flipped(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    bytes[bytes.length / 2] ^= 0x01;
    return Base64.getEncoder().encodeToString(bytes);
  }

  static ObjectNode rekorBundle(ObjectNode legacy) {
    return (ObjectNode) legacy.get("rekorBundle");
  }

  static Stream<Arguments> tampers() {
    String otherCert = OTHER_SIGNING.get("cert").asText();
    String leafPem = decoded(GOOD.get("cert").asText());
    String set = "SignedEntryTimestamp";
    return Stream.of(
        tamper("base64Signature altered", b -> b.put("base64Signature", flipped(b.get("base64Signature").asText())),
            TRANSPARENCY_LOG_INVALID, "records a different signature than base64Signature"),
        tamper("base64Signature of another signing", b -> b.put("base64Signature", OTHER_SIGNING.get("base64Signature").asText()),
            TRANSPARENCY_LOG_INVALID, "belongs to another signing"),
        tamper("base64Signature missing", b -> b.remove("base64Signature"), BUNDLE_MALFORMED, "has no base64Signature"),
        tamper("base64Signature not a string", b -> b.put("base64Signature", 42), BUNDLE_MALFORMED, "base64Signature is not a string"),
        tamper("base64Signature not base64", b -> b.put("base64Signature", "not base64!"), BUNDLE_MALFORMED, "base64Signature is not valid base64"),
        tamper("cert of another signing", b -> b.put("cert", otherCert),
            TRANSPARENCY_LOG_INVALID, "records a different certificate than cert"),
        tamper("cert missing", b -> b.remove("cert"), UNSUPPORTED_BUNDLE, "has no certificate (cert)"),
        tamper("cert a chain", b -> b.put("cert", base64(leafPem + decoded(otherCert))), UNSUPPORTED_BUNDLE, "holds 2 PEM blocks"),
        tamper("cert garbage", b -> b.put("cert", base64("not a certificate")), BUNDLE_MALFORMED, "has text outside its PEM block"),
        tamper("cert not base64", b -> b.put("cert", "%%%"), BUNDLE_MALFORMED, "cert is not valid base64"),
        tamper("cert with trailing text", b -> b.put("cert", base64(leafPem.strip() + "\nextra")), BUNDLE_MALFORMED, "not clean PEM"),
        tamper("cert PEM of garbage DER", b -> b.put("cert", base64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")),
            BUNDLE_MALFORMED, "not a readable X.509 certificate"),
        tamper("cert a private key", b -> b.put("cert", base64("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")),
            BUNDLE_MALFORMED, "not a CERTIFICATE"),
        tamper("rekorBundle missing", b -> b.remove("rekorBundle"), TRANSPARENCY_LOG_INVALID, "no transparency log entry (rekorBundle)"),
        tamper("rekorBundle not an object", b -> b.put("rekorBundle", "x"), BUNDLE_MALFORMED, "rekorBundle is not an object"),
        tamper("SignedEntryTimestamp missing", b -> rekorBundle(b).remove(set), TRANSPARENCY_LOG_INVALID, "no signed entry timestamp"),
        tamper("SignedEntryTimestamp altered", b -> rekorBundle(b).put(set, flipped(rekorBundle(b).get(set).asText())),
            TRANSPARENCY_LOG_INVALID, "signed entry timestamp is not the log's signature"),
        tamper("SignedEntryTimestamp of another signing", b -> rekorBundle(b).put(set, rekorBundle(OTHER_SIGNING).get(set).asText()),
            TRANSPARENCY_LOG_INVALID, "signed entry timestamp is not the log's signature"),
        tamper("SignedEntryTimestamp not base64", b -> rekorBundle(b).put(set, "***"), BUNDLE_MALFORMED, "SignedEntryTimestamp is not valid base64"),
        tamper("Payload missing", b -> rekorBundle(b).remove("Payload"), BUNDLE_MALFORMED, "rekorBundle.Payload is missing"),
        tamper("Payload.body of another signing", b -> payload(b).put("body", payload(OTHER_SIGNING).get("body").asText()),
            TRANSPARENCY_LOG_INVALID, "signed entry timestamp is not the log's signature"),
        tamper("Payload.body not base64", b -> payload(b).put("body", "@@"), BUNDLE_MALFORMED, "Payload.body is not valid base64"),
        tamper("Payload.body not JSON", b -> payload(b).put("body", base64("{")), BUNDLE_MALFORMED, "body is not valid JSON"),
        tamper("Payload.integratedTime later", b -> payload(b).put("integratedTime", payload(b).get("integratedTime").asLong() + 1),
            TRANSPARENCY_LOG_INVALID, "signed entry timestamp is not the log's signature"),
        tamper("Payload.integratedTime a string", b -> payload(b).put("integratedTime", payload(b).get("integratedTime").asText()),
            BUNDLE_MALFORMED, "integratedTime is not an integer"),
        tamper("Payload.integratedTime fractional", b -> payload(b).put("integratedTime", 1.5), BUNDLE_MALFORMED, "integratedTime is not an integer"),
        tamper("Payload.integratedTime missing", b -> payload(b).remove("integratedTime"), BUNDLE_MALFORMED, "Payload has no integratedTime"),
        tamper("Payload.logIndex other", b -> payload(b).put("logIndex", payload(b).get("logIndex").asLong() + 1),
            TRANSPARENCY_LOG_INVALID, "signed entry timestamp is not the log's signature"),
        tamper("Payload.logIndex negative", b -> payload(b).put("logIndex", -1), BUNDLE_MALFORMED, "logIndex is not an integer of at least 0"),
        tamper("Payload.logID of another log", b -> payload(b).put("logID", "00".repeat(32)),
            UNTRUSTED_ROOT, "comes from a log not in the trusted root"),
        tamper("Payload.logID upper case", b -> payload(b).put("logID", payload(b).get("logID").asText().toUpperCase()),
            BUNDLE_MALFORMED, "logID is not 64 lower-case hex digits"),
        tamper("RFC3161Timestamp garbage", b -> b.putObject("RFC3161Timestamp").put("SignedRFC3161Timestamp", base64("garbage")),
            BUNDLE_MALFORMED, "RFC 3161 timestamp in the bundle is unreadable"),
        tamper("RFC3161Timestamp not base64", b -> b.putObject("RFC3161Timestamp").put("SignedRFC3161Timestamp", "!"),
            BUNDLE_MALFORMED, "SignedRFC3161Timestamp is not valid base64"),
        tamper("RFC3161Timestamp empty", b -> b.putObject("RFC3161Timestamp").put("SignedRFC3161Timestamp", ""),
            BUNDLE_MALFORMED, "SignedRFC3161Timestamp is empty"),
        tamper("RFC3161Timestamp not an object", b -> b.put("RFC3161Timestamp", 7), BUNDLE_MALFORMED, "RFC3161Timestamp is not an object"));
  }

  @Test
  void theUntamperedBundleVerifies() {
    Verification v = verify(GOOD);
    assertThat(v.verified()).as(v.message()).isTrue();
    assertThat(v.signerIdentity()).isEqualTo(LegacyFixtures.IDENTITY);
    assertThat(v.integratedTime()).isEqualTo(LegacyFixtures.SIGNED_AT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampers")
  void everyTamperedFieldFailsWithItsReason(
      Tamper tamper, VerificationFailure failure, String message) {
    ObjectNode edited = GOOD.deepCopy();
    tamper.edit().accept(edited);
    Verification v = verify(edited);
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(failure);
    assertThat(v.message()).contains(message);
  }

  static Stream<Arguments> bodyEdits() {
    String otherCertContent = LegacyFixtures.body(OTHER_SIGNING).at("/spec/signature/publicKey/content").asText();
    String otherSignature = LegacyFixtures.body(OTHER_SIGNING).at("/spec/signature/content").asText();
    return Stream.of(
        tamper("kind", b -> b.put("kind", "intoto"), UNSUPPORTED_BUNDLE, "hashedrekord 0.0.1 entries only"),
        tamper("apiVersion", b -> b.put("apiVersion", "0.0.2"), UNSUPPORTED_BUNDLE, "hashedrekord 0.0.1 entries only"),
        tamper("hash algorithm", b -> hash(b).put("algorithm", "sha512"), UNSUPPORTED_BUNDLE, "only sha256 is supported"),
        tamper("hash value", b -> hash(b).put("value", "ab".repeat(32)), SIGNATURE_INVALID, "was made for other bytes"),
        tamper("hash value malformed", b -> hash(b).put("value", "xyz"), BUNDLE_MALFORMED, "malformed sha256 value"),
        tamper("signature content", b -> signature(b).put("content", otherSignature),
            TRANSPARENCY_LOG_INVALID, "records a different signature than base64Signature"),
        tamper("publicKey content", b -> ((ObjectNode) signature(b).get("publicKey")).put("content", otherCertContent),
            TRANSPARENCY_LOG_INVALID, "records a different certificate than cert"),
        tamper("publicKey missing", b -> signature(b).remove("publicKey"), BUNDLE_MALFORMED, "no string spec.signature.publicKey.content"),
        tamper("spec missing", b -> b.remove("spec"), BUNDLE_MALFORMED, "no string spec.data.hash.algorithm"));
  }

  static ObjectNode hash(ObjectNode body) {
    return (ObjectNode) body.at("/spec/data/hash");
  }

  static ObjectNode signature(ObjectNode body) {
    return (ObjectNode) body.at("/spec/signature");
  }

  @Test
  void aRelogWithoutEditsStillVerifies() {
    // The control for the cases below: re-signing the unchanged entry is harmless.
    byte[] body = Base64.getDecoder().decode(payload(GOOD).get("body").asText());
    Verification v = verify(relog(GOOD, body));
    assertThat(v.verified()).as(v.message()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodyEdits")
  void aGenuineLogEntryThatRecordsOtherMaterialFails(
      Tamper tamper, VerificationFailure failure, String message) {
    Verification v = verify(relog(GOOD, tamper.edit()));
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(failure);
    assertThat(v.message()).contains(message);
  }

  @Test
  void duplicateKeysAreMalformed() {
    String json = new String(bytes(GOOD), StandardCharsets.UTF_8);
    String duplicated = json.replaceFirst("\\{", "{\"base64Signature\":\"AAAA\",");
    Verification v =
        LegacyFixtures.VERIFIER.verify(
            ARTIFACT, duplicated.getBytes(StandardCharsets.UTF_8), LegacyFixtures.SIGNER);
    assertThat(v.failure()).isEqualTo(BUNDLE_MALFORMED);
    assertThat(v.message()).contains("Duplicate field");
  }

  @Test
  void anotherArtifactIsSignatureInvalidAndNamesBothDigests() {
    byte[] other = "another file".getBytes(StandardCharsets.UTF_8);
    Verification v = LegacyFixtures.VERIFIER.verify(other, bytes(GOOD), LegacyFixtures.SIGNER);
    assertThat(v.failure()).isEqualTo(SIGNATURE_INVALID);
    assertThat(v.message()).contains("was made for other bytes", "the file has sha256 ");
  }
}
