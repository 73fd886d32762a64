package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.CERTIFICATE_EXPIRED;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.testing.sigstore.Defect;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.core.testing.sigstore.TimeSources;
import io.trustgate.core.testing.sigstore.TimestampDefect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bundles with both verified signing times, as cosign v3 writes them by default (a Rekor v1 entry
 * with its signed entry timestamp, and an RFC 3161 timestamp), and with either one alone: each
 * time source is verified, each must lie inside the signing certificate's validity, and a forged
 * or misplaced timestamp is never outweighed by the other, good, source.
 */
class TimeSourcesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IDENTITY =
      "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0";
  private static final Instant SIGNED_AT = Instant.parse("2026-05-15T08:30:00Z");
  private static final byte[] ARTIFACT =
      "{\"schema_version\":1,\"version\":\"0.14.0\"}\n".getBytes(StandardCharsets.UTF_8);
  private static final SignerIdentity SIGNER =
      new SignerIdentity(
          IdentityMatcher.exact(SignRequest.GITHUB_ACTIONS_ISSUER),
          IdentityMatcher.exact(IDENTITY));

  private static final FakeSigstore SIGSTORE = FakeSigstore.create(31);
  private static final BundleVerifier VERIFIER =
      new BundleVerifier(TrustRoot.fromJson(SIGSTORE.trustedRootJson(), "fake"));

  private static SignRequest.Builder request() {
    return SignRequest.builder().identity(IDENTITY).signedAt(SIGNED_AT);
  }

  private static Verification verify(byte[] bundle) {
    return VERIFIER.verify(ARTIFACT, bundle, SIGNER);
  }

  private static Verification sign(TimeSources times) {
    return verify(SIGSTORE.sign(ARTIFACT, request().build(), times));
  }

  @Test
  void cosignV3BundlesCarryBothTimeSourcesAndVerify() throws IOException {
    byte[] bundle = SIGSTORE.sign(ARTIFACT, request().build());
    JsonNode json = JSON.readTree(bundle);
    assertThat(json.at("/verificationMaterial/tlogEntries/0/inclusionPromise/signedEntryTimestamp").asText())
        .isNotEmpty();
    assertThat(json.at("/verificationMaterial/tlogEntries/0/inclusionProof/checkpoint/envelope").asText())
        .isNotEmpty();
    assertThat(json.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps")).hasSize(1);

    Verification v = verify(bundle);
    assertThat(v.verified()).as(v.message()).isTrue();
    // The integrated time is reported when the log vouches for one.
    assertThat(v.integratedTime()).isEqualTo(SIGNED_AT);
  }

  @Test
  void eitherTimeSourceAloneVerifies() {
    Verification integrated = sign(TimeSources.integratedTimeOnly());
    assertThat(integrated.verified()).as(integrated.message()).isTrue();
    assertThat(integrated.integratedTime()).isEqualTo(SIGNED_AT);

    Verification timestamped = sign(TimeSources.rfc3161Only());
    assertThat(timestamped.verified()).as(timestamped.message()).isTrue();
    assertThat(timestamped.integratedTime())
        .isEqualTo(SIGNED_AT.plus(TimeSources.DEFAULT_RFC3161_OFFSET));
  }

  @Test
  void rejectsATimestampAfterTheCertificateExpiredThoughTheIntegratedTimeIsInside() {
    Verification v = sign(TimeSources.cosignV3().rfc3161At(Duration.ofMinutes(15)));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
    assertThat(v.message()).contains("RFC 3161 timestamp");
  }

  @Test
  void rejectsATimestampBeforeTheCertificateWasIssued() {
    Verification v = sign(TimeSources.cosignV3().rfc3161At(Duration.ofMinutes(-1)));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
  }

  @Test
  void rejectsAnIntegratedTimeAfterTheCertificateExpiredThoughTheTimestampIsInside() {
    // sigstore-java 2.0.0 checks the certificate only at the timestamp; trustgate at both.
    Verification v =
        verify(
            SIGSTORE.sign(
                ARTIFACT, request().defect(Defect.CERT_EXPIRED_BEFORE_INTEGRATION).build()));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
    assertThat(v.message()).contains("was not valid at the Rekor integrated time");
  }

  @Test
  void rejectsATimestampOutsideTheCertificateWhenItIsTheOnlyTimeSource() {
    Verification v = sign(TimeSources.rfc3161Only().rfc3161At(Duration.ofMinutes(11)));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
  }

  @Test
  void rejectsATimestampFromAnUntrustedTsaEvenWithAGoodIntegratedTime() {
    Verification v = sign(TimeSources.cosignV3().withTimestampDefect(TimestampDefect.UNTRUSTED_TSA));
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    assertThat(v.message())
        .startsWith("The RFC 3161 timestamp does not verify against a trusted timestamp authority");
  }

  @Test
  void rejectsATimestampOverOtherBytes() {
    Verification v = sign(TimeSources.cosignV3().withTimestampDefect(TimestampDefect.OTHER_IMPRINT));
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
    assertThat(v.message()).startsWith("The RFC 3161 timestamp was not issued over this signature");
  }

  @Test
  void rejectsATimestampOutsideTheTsaTrustedRootValidity() throws IOException {
    byte[] bundle = SIGSTORE.sign(ARTIFACT, request().build());
    BundleVerifier ended =
        verifierWithRoot(
            root ->
                ((ObjectNode) root.at("/timestampAuthorities/0/validFor"))
                    .put("end", SIGNED_AT.minus(Duration.ofDays(1)).toString()));
    Verification v = ended.verify(ARTIFACT, bundle, SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    assertThat(v.message()).contains("not within TSA's validity period");

    BundleVerifier notYet =
        verifierWithRoot(
            root ->
                ((ObjectNode) root.at("/timestampAuthorities/0/validFor"))
                    .put("start", SIGNED_AT.plus(Duration.ofDays(1)).toString()));
    assertThat(notYet.verify(ARTIFACT, bundle, SIGNER).failure()).isEqualTo(UNTRUSTED_ROOT);
  }

  @Test
  void rejectsATimestampWhenTheTrustedRootHasNoTimestampAuthority() throws IOException {
    BundleVerifier withoutTsa = verifierWithRoot(root -> root.remove("timestampAuthorities"));
    Verification v = withoutTsa.verify(ARTIFACT, SIGSTORE.sign(ARTIFACT, request().build()), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    // The integrated time alone still verifies against that root.
    Verification setOnly =
        withoutTsa.verify(
            ARTIFACT,
            SIGSTORE.sign(ARTIFACT, request().build(), TimeSources.integratedTimeOnly()),
            SIGNER);
    assertThat(setOnly.verified()).as(setOnly.message()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Defect.class,
      names = {"BAD_SET", "BAD_INCLUSION_PROOF", "BAD_CHECKPOINT"})
  void aGoodTimestampDoesNotRescueATamperedLogEntry(Defect defect) {
    Verification both = verify(SIGSTORE.sign(ARTIFACT, request().defect(defect).build()));
    assertThat(both.failure()).as(both.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
  }

  @ParameterizedTest
  @EnumSource(
      value = Defect.class,
      names = {"BAD_INCLUSION_PROOF", "BAD_CHECKPOINT"})
  void aGoodTimestampDoesNotRescueATamperedEntryWithoutSet(Defect defect) {
    Verification v =
        verify(SIGSTORE.sign(ARTIFACT, request().defect(defect).build(), TimeSources.rfc3161Only()));
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
  }

  @Test
  void aGoodTimestampDoesNotRescueAnEntryWhoseBodyWasSwapped() throws IOException {
    byte[] other = SIGSTORE.sign("other".getBytes(StandardCharsets.UTF_8), request().build());
    ObjectNode bundle = (ObjectNode) JSON.readTree(SIGSTORE.sign(ARTIFACT, request().build()));
    ((ObjectNode) bundle.at("/verificationMaterial/tlogEntries/0"))
        .put(
            "canonicalizedBody",
            JSON.readTree(other).at("/verificationMaterial/tlogEntries/0/canonicalizedBody").asText());
    Verification v = verify(JSON.writeValueAsBytes(bundle));
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
  }

  @Test
  void aTimestampFromAnotherSigningDoesNotTransfer() throws IOException {
    // The TSA stamped another bundle's signature: its imprint does not match this signature.
    byte[] other = SIGSTORE.sign(ARTIFACT, request().build());
    ObjectNode bundle = (ObjectNode) JSON.readTree(SIGSTORE.sign(ARTIFACT, request().build()));
    ((ObjectNode) bundle.at("/verificationMaterial"))
        .set(
            "timestampVerificationData",
            JSON.readTree(other).at("/verificationMaterial/timestampVerificationData"));
    Verification v = verify(JSON.writeValueAsBytes(bundle));
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
  }

  @Test
  void anUnreadableTimestampIsMalformed() throws IOException {
    ObjectNode bundle = (ObjectNode) JSON.readTree(SIGSTORE.sign(ARTIFACT, request().build()));
    ((ObjectNode) bundle.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0"))
        .put("signedTimestamp", Base64.getEncoder().encodeToString("not DER".getBytes(StandardCharsets.UTF_8)));
    Verification v = verify(JSON.writeValueAsBytes(bundle));
    assertThat(v.failure()).as(v.message()).isEqualTo(BUNDLE_MALFORMED);
  }

  @Test
  void aStrippedTimestampLeavesTheIntegratedTimeAndAStrippedSetLeavesTheTimestamp()
      throws IOException {
    // Removing one source is not a forgery: the other still proves when the signing happened.
    ObjectNode bundle = (ObjectNode) JSON.readTree(SIGSTORE.sign(ARTIFACT, request().build()));
    ((ObjectNode) bundle.get("verificationMaterial")).remove("timestampVerificationData");
    assertThat(verify(JSON.writeValueAsBytes(bundle)).verified()).isTrue();

    ObjectNode noSet = (ObjectNode) JSON.readTree(SIGSTORE.sign(ARTIFACT, request().build()));
    ((ObjectNode) noSet.at("/verificationMaterial/tlogEntries/0")).remove("inclusionPromise");
    Verification v = verify(JSON.writeValueAsBytes(noSet));
    assertThat(v.verified()).as(v.message()).isTrue();
    assertThat(v.integratedTime()).isEqualTo(SIGNED_AT.plus(TimeSources.DEFAULT_RFC3161_OFFSET));
  }

  private static BundleVerifier verifierWithRoot(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(SIGSTORE.trustedRootJson());
    edit.accept(root);
    return new BundleVerifier(TrustRoot.fromJson(JSON.writeValueAsBytes(root), "edited"));
  }
}
