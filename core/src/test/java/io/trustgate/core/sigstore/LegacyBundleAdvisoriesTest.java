package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.LegacyFixtures.ARTIFACT;
import static io.trustgate.core.sigstore.LegacyFixtures.base64;
import static io.trustgate.core.sigstore.LegacyFixtures.payload;
import static io.trustgate.core.sigstore.LegacyFixtures.relog;
import static io.trustgate.core.sigstore.LegacyFixtures.sign;
import static io.trustgate.core.sigstore.LegacyFixtures.verify;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigstore.rekor.client.HashedRekordRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * cosign's legacy-bundle verification bypasses, each replayed against trustgate. In each, the log
 * entry is genuine (Rekor signed it), so only the binding between the entry and the bundle, or
 * the refusal of a key where a certificate belongs, stops it.
 */
class LegacyBundleAdvisoriesTest {
  static final byte[] OTHER = "another release file".getBytes(StandardCharsets.UTF_8);

  /**
   * GHSA-8gw7-4j42-w388 (CVE-2022-36056): cosign verify-blob accepted "any old rekorBundle", e.g.
   * the one of another signing of the same file by the same identity.
   */
  @Test
  void ghsa8gw7RekorBundleFromAnotherSigningOfTheSameFileIsRejected() {
    ObjectNode first = sign(ARTIFACT);
    ObjectNode second = sign(ARTIFACT);
    assertThat(verify(first).verified()).isTrue();
    assertThat(verify(second).verified()).isTrue();

    ObjectNode spliced = first.deepCopy();
    spliced.set("rekorBundle", second.get("rekorBundle").deepCopy());

    Verification v = verify(spliced);
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
    assertThat(v.message()).contains("belongs to another signing");
  }

  /**
   * GHSA-whqx-f9j3-ch6m (CVE-2026-22703): the same bypass, regressed in the legacy bundle + trusted
   * root path: an entry that referenced neither the artifact's digest, nor the signature, nor the
   * key passed. Here: the entry of a signing of another file.
   */
  @Test
  void ghsaWhqxLogEntryOfAnotherFileIsRejected() {
    ObjectNode forFile = sign(ARTIFACT);
    ObjectNode forOther = sign(OTHER);
    ObjectNode spliced = forFile.deepCopy();
    spliced.set("rekorBundle", forOther.get("rekorBundle").deepCopy());

    Verification v = verify(spliced);
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
  }

  /**
   * GHSA-whqx-f9j3-ch6m, each binding alone: a genuine entry that records the bundle's signature
   * and certificate but another digest, and one that records the digest and certificate but
   * another signature.
   */
  @Test
  void ghsaWhqxEntryNotReferencingTheArtifactDigestIsRejected() {
    ObjectNode good = sign(ARTIFACT);
    String otherDigest = sha256Hex(OTHER);
    ObjectNode forged =
        relog(good, body -> ((ObjectNode) body.at("/spec/data/hash")).put("value", otherDigest));

    Verification v = verify(forged);
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
    assertThat(v.message()).contains("log entry records sha256 " + otherDigest);
  }

  @Test
  void ghsaWhqxEntryNotReferencingTheSignatureIsRejected() {
    ObjectNode good = sign(ARTIFACT);
    String anotherSignature = sign(ARTIFACT).get("base64Signature").asText();
    ObjectNode forged =
        relog(good, body -> ((ObjectNode) body.at("/spec/signature")).put("content", anotherSignature));

    Verification v = verify(forged);
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
    assertThat(v.message()).contains("records a different signature than base64Signature");
  }

  /**
   * GHSA-fx35-mq7g-6g98: a bare public key in {@code cert} skipped the identity checks. The
   * attacker signs the file with their own key and logs it (anyone can write to Rekor), so the
   * signature, the entry and its signed entry timestamp are all valid.
   */
  @Test
  void ghsaFx35BarePublicKeyInCertIsRejected() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair attacker = generator.generateKeyPair();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(attacker.getPrivate());
    signer.update(ARTIFACT);
    byte[] signature = signer.sign();
    String publicKeyPem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(attacker.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    byte[] body =
        HashedRekordRequest.newHashedRekordRequest(
                MessageDigest.getInstance("SHA-256").digest(ARTIFACT),
                publicKeyPem.getBytes(StandardCharsets.US_ASCII),
                signature)
            .toJsonPayload()
            .getBytes(StandardCharsets.UTF_8);

    ObjectNode bundle = relog(sign(ARTIFACT), body);
    bundle.put("base64Signature", Base64.getEncoder().encodeToString(signature));
    bundle.put("cert", base64(publicKeyPem));

    Verification v = verify(bundle);
    assertThat(v.failure()).as(v.message()).isEqualTo(UNSUPPORTED_BUNDLE);
    assertThat(v.message()).contains("cert holds a bare public key, not a Fulcio certificate");
    assertThat(payload(bundle).get("body").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(body));
  }

  /** The same attack with the real certificate left in {@code cert}: the entry's key is no match. */
  @Test
  void ghsaFx35LogEntryWithAnAttackerKeyIsRejectedToo() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    String publicKeyPem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    ObjectNode forged =
        relog(
            sign(ARTIFACT),
            body ->
                ((ObjectNode) body.at("/spec/signature/publicKey"))
                    .put("content", base64(publicKeyPem)));

    Verification v = verify(forged);
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
    assertThat(v.message()).contains("records a different certificate than cert");
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
