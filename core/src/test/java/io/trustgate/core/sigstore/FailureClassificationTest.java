package io.trustgate.core.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Corpus failures land in the failure category their cause belongs to. */
class FailureClassificationTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "bundle-empty-certificate-chain_fail, BUNDLE_MALFORMED",
    "bundle-invalid-base64-signature_fail, BUNDLE_MALFORMED",
    "bundle-malformed-json_fail, BUNDLE_MALFORMED",
    "bundle-negative-log-index_fail, BUNDLE_MALFORMED",
    "bundle-unknown-version_fail, UNSUPPORTED_BUNDLE",
    "managed-key-no-key_fail, UNSUPPORTED_BUNDLE",
    "bundle-from-wrong-instance_fail, UNTRUSTED_ROOT",
    "bundle-with-root-cert_fail, UNTRUSTED_ROOT",
    "invalid-ct-key_fail, UNTRUSTED_ROOT",
    "intoto-expired-certificate_fail, UNTRUSTED_ROOT",
    "rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail, UNTRUSTED_ROOT",
    "rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail, UNTRUSTED_ROOT",
    "rekor2-timestamp-outside-trust-root-tsa-validity_fail, UNTRUSTED_ROOT",
    "untrusted-ca, UNTRUSTED_ROOT",
    "signature-mismatch_fail, SIGNATURE_INVALID",
    "message-digest-mismatch_fail, SIGNATURE_INVALID",
    "wrong-material_fail, SIGNATURE_INVALID",
    "dsse-invalid-sig_fail, SIGNATURE_INVALID",
    "policy-dsse-artifact-not-a-subject_fail, SIGNATURE_INVALID",
    "rekor2-timestamp-payload-mismatch_fail, SIGNATURE_INVALID",
    "tampered-artifact, SIGNATURE_INVALID",
    "checkpoint-bad-keyhint_fail, TRANSPARENCY_LOG_INVALID",
    "checkpoint-wrong-roothash_fail, TRANSPARENCY_LOG_INVALID",
    "invalid-checkpoint-signature_fail, TRANSPARENCY_LOG_INVALID",
    "inclusion-proof-corrupted-hash_fail, TRANSPARENCY_LOG_INVALID",
    "invalid-inclusion-proof_fail, TRANSPARENCY_LOG_INVALID",
    "set-invalid-signature_fail, TRANSPARENCY_LOG_INVALID",
    "incorrect-public-key_fail, TRANSPARENCY_LOG_INVALID",
    "wrong-hashedrekord-entry_fail, TRANSPARENCY_LOG_INVALID",
    "dsse-mismatch-envelope_fail, TRANSPARENCY_LOG_INVALID",
    "dsse-mismatch-sig_fail, TRANSPARENCY_LOG_INVALID",
    "intoto-missing-inclusion-proof_fail, TRANSPARENCY_LOG_INVALID",
    "rekor2-no-inclusion-proof_fail, TRANSPARENCY_LOG_INVALID",
    "rekor2-no-timestamp_fail, TRANSPARENCY_LOG_INVALID",
    "rekor2-checkpoint-missing-log-signature_fail, TRANSPARENCY_LOG_INVALID",
    "rekor2-checkpoint-no-matching-signature_fail, TRANSPARENCY_LOG_INVALID",
    "rekor2-checkpoint-missing-origin_fail, TRANSPARENCY_LOG_INVALID",
    "rekor2-checkpoint-missing-size_fail, TRANSPARENCY_LOG_INVALID",
    "rekor2-checkpoint-missing-root-hash_fail, TRANSPARENCY_LOG_INVALID",
    "intoto-log-entry-mismatch_fail, TRANSPARENCY_LOG_INVALID",
    "missing-tlog, TRANSPARENCY_LOG_INVALID",
    "policy-wrong-identity_fail, IDENTITY_MISMATCH",
    "policy-wrong-issuer_fail, IDENTITY_MISMATCH",
    "policy-identity-prefix-only_fail, IDENTITY_MISMATCH",
    "policy-identity-regexp-nomatch_fail, IDENTITY_MISMATCH",
    "policy-dsse-wrong-issuer_fail, IDENTITY_MISMATCH",
    "wrong-identity, IDENTITY_MISMATCH",
    "wrong-issuer, IDENTITY_MISMATCH",
    "expired-at-integration, CERTIFICATE_EXPIRED",
    "integrated-time-in-future_fail, CERTIFICATE_EXPIRED",
    "intoto-set-outside-signing-cert-validity_fail, CERTIFICATE_EXPIRED",
    "intoto-tsa-timestamp-outside-cert-validity_fail, CERTIFICATE_EXPIRED",
  })
  void classifiesCorpusFailure(String id, VerificationFailure expected) {
    Verification v = CorpusFixtures.verify(CorpusFixtures.caseById(id));
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(expected);
    assertThat(v.message()).endsWith(".").doesNotContain("\n");
  }
}
