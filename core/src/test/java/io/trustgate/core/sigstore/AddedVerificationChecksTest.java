package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.CERTIFICATE_EXPIRED;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.encryption.certificates.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks trustgate adds on top of sigstore-java 2.0.0, each shown on corpus bundles that
 * sigstore-java alone gets wrong or rejects for an unrelated reason.
 */
class AddedVerificationChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"expired-at-integration", "integrated-time-in-future_fail"})
  void rejectsCertificateExpiredBeforeIntegratedTime(String id) {
    Verification v = CorpusFixtures.verify(CorpusFixtures.caseById(id));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
    assertThat(v.message()).contains("was not valid at the Rekor integrated time");
  }

  @ParameterizedTest
  @CsvSource({
    "intoto-set-outside-signing-cert-validity_fail, Rekor integrated time",
    "intoto-tsa-timestamp-outside-cert-validity_fail, RFC 3161 timestamp"
  })
  void rejectsIntotoEntriesOutsideCertificateValidity(String id, String signingTime) {
    // Their log (http://localhost:8000) signs checkpoints as localhost:8000, so they reach the
    // time check only because LogEntryVerifier, unlike sigstore-java, accepts that origin.
    Verification v = CorpusFixtures.verify(CorpusFixtures.caseById(id));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
    assertThat(v.message()).contains("was not valid at the " + signingTime);
  }

  @Test
  void rejectsTimestampOutsideCertificateValidity() throws IOException {
    // The corpus bundle wraps the timestamp's base64 at 76 columns, which protobuf JSON rejects;
    // unwrapped, the timestamp must be refused for the reason the case is about.
    ConformanceCase c = CorpusFixtures.caseById("rekor2-timestamp-with-incorrect-time_fail");
    ObjectNode bundle = (ObjectNode) JSON.readTree(c.bundle().toFile());
    ObjectNode timestamp =
        (ObjectNode)
            bundle.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0");
    timestamp.put(
        "signedTimestamp", timestamp.get("signedTimestamp").asText().replaceAll("\\s", ""));

    Verification v =
        CorpusFixtures.verifier(c.trustedRoot())
            .verify(
                CorpusFixtures.read(c.artifact()),
                JSON.writeValueAsBytes(bundle),
                CorpusFixtures.signer(c));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
  }

  @Test
  void rejectsLineWrappedBase64AsMalformed() {
    Verification v =
        CorpusFixtures.verify(CorpusFixtures.caseById("rekor2-timestamp-with-incorrect-time_fail"));
    assertThat(v.failure()).as(v.message()).isEqualTo(BUNDLE_MALFORMED);
  }

  @Test
  void acceptsIntegratedTimeAtTheLogKeysValidityEndAndRejectsItOneSecondLater() throws IOException {
    ConformanceCase c = CorpusFixtures.caseById("trust-root-tlog-validity-end-inclusive");
    assertThat(CorpusFixtures.verify(c).verified()).isTrue();

    ObjectNode root = (ObjectNode) JSON.readTree(c.trustedRoot().toFile());
    for (JsonNode log : root.withArray("tlogs")) {
      JsonNode validFor = log.at("/publicKey/validFor");
      if (validFor.path("end").isTextual()) {
        Instant end = Instant.parse(validFor.get("end").asText());
        ((ObjectNode) validFor).put("end", end.minusSeconds(1).toString());
      }
    }
    var verifier =
        new BundleVerifier(TrustRoot.fromJson(JSON.writeValueAsBytes(root), "shortened"));
    Verification v =
        verifier.verify(
            CorpusFixtures.read(c.artifact()),
            CorpusFixtures.read(c.bundle()),
            CorpusFixtures.signer(c));
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    assertThat(v.message()).contains("not valid at the integrated time");
  }

  @Test
  void rejectsTrustRootWhoseLogValidityHasNoStart() {
    ConformanceCase c = CorpusFixtures.caseById("trust-root-tlog-missing-validity-start_fail");
    assertThatThrownBy(() -> TrustRoot.fromFile(c.trustedRoot()))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining(c.trustedRoot().toString())
        .hasMessageContaining("has no start");
  }

  @Test
  void verifiesDsseLoggedAsHashedRekordOverThePreAuthenticationEncoding() {
    Verification v = CorpusFixtures.verify(CorpusFixtures.caseById("rekor2-dsse-happy-path"));
    assertThat(v.verified()).as(v.message()).isTrue();
  }

  @Test
  void rejectsDsseHashedRekordWhenTheArtifactIsNotAStatementSubject() {
    ConformanceCase c = CorpusFixtures.caseById("rekor2-dsse-happy-path");
    Verification v =
        CorpusFixtures.verifier(c.trustedRoot())
            .verify(
                "not the signed artifact".getBytes(StandardCharsets.UTF_8),
                CorpusFixtures.read(c.bundle()),
                CorpusFixtures.signer(c));
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
    assertThat(v.message()).contains("is not a subject of the signed in-toto statement");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rekor2-dsse-mismatch-envelope_fail", "rekor2-dsse-mismatch-sig_fail"})
  void rejectsDsseEnvelopeThatTheHashedRekordEntryDoesNotRecord(String id) {
    Verification v = CorpusFixtures.verify(CorpusFixtures.caseById(id));
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
  }

  @Test
  void intotoEntryRecordsTheBundlesEnvelopeAndCertificate() throws Exception {
    ConformanceCase c = CorpusFixtures.caseById("intoto-with-custom-trust-root");
    Bundle bundle = BundleIntake.read(CorpusFixtures.read(c.bundle()));
    IntotoLogEntry.parse(Base64.getDecoder().decode(bundle.getEntries().get(0).getBody()))
        .requireRecords(
            InTotoEnvelope.of(bundle.getDsseEnvelope().orElseThrow()),
            Certificates.getLeaf(bundle.getCertPath()));
  }

  @Test
  void rejectsIntotoEntryThatRecordsAnotherSignature() {
    Verification v =
        CorpusFixtures.verify(CorpusFixtures.caseById("intoto-log-entry-mismatch_fail"));
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
    assertThat(v.message()).contains("intoto transparency log entry does not match the bundle");
  }

  @Test
  void rejectsIntotoEntryWhoseStatementDoesNotNameTheArtifact() {
    ConformanceCase c = CorpusFixtures.caseById("intoto-with-custom-trust-root");
    Verification v =
        CorpusFixtures.verifier(c.trustedRoot())
            .verify(
                "another artifact".getBytes(StandardCharsets.UTF_8),
                CorpusFixtures.read(c.bundle()),
                CorpusFixtures.signer(c));
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
  }
}
