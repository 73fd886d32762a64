package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.testing.sigstore.Defect;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that does not verify is reported with the files involved and who can fix it. */
class BundleFailureOutputTest {
  static final String IDENTITY = "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0";
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;

  @TempDir Path dir;
  final FakeSigstore sigstore = FakeSigstore.create(12);

  CliRun verifyBlob(byte[] content, byte[] bundleBytes, String identity) throws Exception {
    Path root = sigstore.writeTrustedRoot(dir);
    Path file = Files.write(dir.resolve("release.json"), content);
    Path bundle = Files.write(dir.resolve("release.json.bundle"), bundleBytes);
    return CliRun.of("verify-blob", file.toString(), "--bundle", bundle.toString(),
        "--certificate-identity", identity, "--certificate-oidc-issuer", ISSUER, "--trusted-root", root.toString());
  }

  @Test
  void aTamperedFileNamesBothFilesAndSaysNotToRunIt() throws Exception {
    byte[] signed = "release".getBytes(StandardCharsets.UTF_8);
    CliRun run = verifyBlob("tampered".getBytes(StandardCharsets.UTF_8),
        sigstore.sign(signed, SignRequest.builder().identity(IDENTITY).build()), IDENTITY);
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).startsWith("error: SIGNATURE_INVALID: file " + dir.resolve("release.json")
        + " does not verify with its bundle " + dir.resolve("release.json.bundle") + ": The signature does not verify");
    assertThat(run.err()).contains("Who acts: no one should make it pass.");
  }

  @Test
  void anotherSignerPointsAtTheIdentityFlags() throws Exception {
    byte[] content = "release".getBytes(StandardCharsets.UTF_8);
    CliRun run = verifyBlob(content, sigstore.sign(content, SignRequest.builder().identity(IDENTITY).build()),
        IDENTITY.replace("v0.14.0", "v0.14.1"));
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).startsWith("error: IDENTITY_MISMATCH: ")
        .contains("Who acts: the cluster operator.")
        .contains("correct the --certificate-identity/--certificate-oidc-issuer flags (or their -regexp forms)");
  }

  @Test
  void anExpiredCertificateAsksThePublisher() throws Exception {
    byte[] content = "release".getBytes(StandardCharsets.UTF_8);
    CliRun run = verifyBlob(content, sigstore.sign(content,
        SignRequest.builder().identity(IDENTITY).defect(Defect.CERT_EXPIRED_BEFORE_INTEGRATION).build()), IDENTITY);
    assertThat(run.err()).startsWith("error: CERTIFICATE_EXPIRED: ")
        .contains("Who acts: the publisher.")
        .contains("ask the publisher of file " + dir.resolve("release.json") + " to sign the file again");
  }
}
