package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sigstore.bundle.Bundle;
import dev.sigstore.rekor.client.RekorEntry;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LogEntryVerifier} on its own, over the corpus log entries: it must agree with the corpus
 * wherever the case is about the log entry, whatever sigstore-java says about the same entry.
 */
class LogEntryVerifierTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "happy-path-v0.1",
        "happy-path-intoto-in-dsse-v3",
        "bundle-with-sct-with-extensions",
        "intoto-with-custom-trust-root",
        "rekor2-happy-path",
        "rekor2-dsse-happy-path",
        "rekor2-checkpoint-cosigned",
        "rekor2-checkpoint-multiple-cosigs",
        "rekor2-checkpoint-origin-not-first",
        "rekor2-checkpoint-two-sigs-cosigned",
        "rekor2-checkpoint-two-sigs-from-origin",
        "good",
      })
  void acceptsTheLogEntriesOfValidBundles(String id) {
    ConformanceCase c = CorpusFixtures.caseById(id);
    assertThatCode(() -> verifier(c).verify(entry(c))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "checkpoint-bad-keyhint_fail",
        "checkpoint-wrong-roothash_fail",
        "invalid-checkpoint-signature_fail",
        "inclusion-proof-corrupted-hash_fail",
        "invalid-inclusion-proof_fail",
        "set-invalid-signature_fail",
        "rekor2-checkpoint-missing-log-signature_fail",
        "rekor2-checkpoint-missing-origin_fail",
        "rekor2-checkpoint-missing-root-hash_fail",
        "rekor2-checkpoint-missing-size_fail",
        "rekor2-checkpoint-no-matching-signature_fail",
      })
  void rejectsTheLogEntriesOfBundlesWithLogDefects(String id) {
    ConformanceCase c = CorpusFixtures.caseById(id);
    assertThatThrownBy(() -> verifier(c).verify(entry(c)))
        .isInstanceOfSatisfying(
            Rejection.class,
            r -> {
              assertThat(r.failure()).as(r.getMessage()).isEqualTo(TRANSPARENCY_LOG_INVALID);
              assertThat(r.getMessage()).endsWith(".").doesNotContain("\n");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundle-from-wrong-instance_fail", "untrusted-ca"})
  void rejectsEntriesFromLogsNotInTheTrustedRoot(String id) {
    ConformanceCase c = CorpusFixtures.caseById(id);
    assertThatThrownBy(() -> verifier(c).verify(entry(c)))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.failure()).isEqualTo(UNTRUSTED_ROOT));
  }

  @ParameterizedTest
  @CsvSource({
    "https://rekor.sigstore.dev, rekor.sigstore.dev",
    "https://rekor.sigstore.dev/, rekor.sigstore.dev",
    "http://localhost:8000, localhost:8000",
    "https://sigstore.example.com/rekor/, sigstore.example.com/rekor",
    "https://[::1]:3000/log, [::1]:3000/log",
  })
  void originIsTheBaseUrlWithoutScheme(String baseUrl, String origin) {
    assertThat(LogEntryVerifier.origin(URI.create(baseUrl))).isEqualTo(origin);
  }

  @ParameterizedTest
  @CsvSource({
    "happy-path-v0.1, true",
    "rekor2-happy-path, true",
    "intoto-with-custom-trust-root, false"
  })
  void sigstoreJavaCanVerifyCheckpointsOnlyOfLogsWithoutPortOrPath(String id, boolean expected)
      throws Rejection {
    ConformanceCase c = CorpusFixtures.caseById(id);
    assertThat(verifier(c).sigstoreJavaCanVerifyCheckpoint(entry(c))).isEqualTo(expected);
  }

  private static LogEntryVerifier verifier(ConformanceCase c) {
    return new LogEntryVerifier(
        TrustRoot.fromFile(c.trustedRoot()).sigstoreTrustedRoot().getTLogs());
  }

  private static RekorEntry entry(ConformanceCase c) throws Rejection {
    Bundle bundle = BundleIntake.read(CorpusFixtures.read(c.bundle()));
    return bundle.getEntries().get(0);
  }
}
