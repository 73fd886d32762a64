package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.IDENTITY_MISMATCH;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.testing.sigstore.LegacyBundleWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real public-good signings in the legacy format, verified offline against the production trusted
 * root snapshot. The conformance {@code happy-path-*} bundles carry a Rekor v1 hashedrekord entry
 * whose inclusion promise is Rekor's signed entry timestamp over exactly the legacy {@code
 * Payload}, so their legacy form ({@link LegacyBundleWriter#fromSigstoreBundle}) is what cosign
 * v2.x wrote for the same signing, down to the bytes Rekor signed.
 */
class LegacyPublicGoodBundlesTest {

  static ConformanceCase happyPath(String id) {
    ConformanceCase c = CorpusFixtures.caseById(id);
    assertThat(c.expectedPass()).isTrue();
    return c;
  }

  static byte[] legacy(ConformanceCase c) {
    return LegacyBundleWriter.fromSigstoreBundle(CorpusFixtures.read(c.bundle()));
  }

  static Verification verify(ConformanceCase c, byte[] artifact, byte[] bundle, SignerIdentity s) {
    return CorpusFixtures.verifier(c.trustedRoot()).verify(artifact, bundle, s);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"happy-path-v0.1", "happy-path-v0.2", "happy-path-v0.3", "happy-path-v0.3-new-mediaType"})
  void theLegacyFormOfAPublicGoodSigningVerifiesLikeTheOriginal(String id) {
    ConformanceCase c = happyPath(id);
    byte[] artifact = CorpusFixtures.read(c.artifact());
    Verification original = CorpusFixtures.verify(c);
    Verification legacy = verify(c, artifact, legacy(c), CorpusFixtures.signer(c));

    assertThat(original.verified()).as(original.message()).isTrue();
    assertThat(legacy.verified()).as(legacy.message()).isTrue();
    assertThat(legacy).isEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"happy-path-v0.1", "happy-path-v0.3"})
  void theLegacyFormRejectsAnotherIdentity(String id) {
    ConformanceCase c = happyPath(id);
    SignerIdentity other =
        new SignerIdentity(
            IdentityMatcher.exact(c.issuer()),
            IdentityMatcher.exact("https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v1.0.0"));
    Verification v = verify(c, CorpusFixtures.read(c.artifact()), legacy(c), other);
    assertThat(v.failure()).as(v.message()).isEqualTo(IDENTITY_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"happy-path-v0.1", "happy-path-v0.3"})
  void theLegacyFormRejectsOtherBytes(String id) {
    ConformanceCase c = happyPath(id);
    byte[] other = (new String(CorpusFixtures.read(c.artifact()), StandardCharsets.UTF_8) + "!")
        .getBytes(StandardCharsets.UTF_8);
    Verification v = verify(c, other, legacy(c), CorpusFixtures.signer(c));
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
  }

  /**
   * A genuine public-good RFC 3161 timestamp, from a TSA the production root trusts, issued over
   * another signature (the managed-key case's): moved into a legacy bundle it must not verify.
   */
  @ParameterizedTest
  @ValueSource(strings = {"happy-path-v0.1", "happy-path-v0.3"})
  void aGenuineTimestampOverAnotherSignatureIsRejected(String id) throws Exception {
    ConformanceCase c = happyPath(id);
    ObjectNode legacy = LegacyFixtures.tree(legacy(c));
    ObjectNode donor =
        LegacyFixtures.tree(CorpusFixtures.read(CorpusFixtures.caseById("managed-key-happy-path").bundle()));
    String timestamp =
        donor.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0/signedTimestamp").asText();
    assertThat(Base64.getDecoder().decode(timestamp)).isNotEmpty();
    legacy.putObject("RFC3161Timestamp").put("SignedRFC3161Timestamp", timestamp);

    Verification v =
        verify(c, CorpusFixtures.read(c.artifact()), LegacyFixtures.bytes(legacy), CorpusFixtures.signer(c));
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
    assertThat(v.message()).contains("RFC 3161 timestamp was not issued over this signature");
  }
}
