package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyBlobCommandTest {
  static final String JS = "/corpora/sigstore-js-corpus/";
  static final String IDENTITY = "https://github.com/acme/mvm/.github/workflows/release.yml@refs/tags/v1.2.3";
  static final String ISSUER = "https://token.actions.githubusercontent.com";

  @TempDir Path dir;

  Path resource(String name) throws IOException {
    try (InputStream in = VerifyBlobCommandTest.class.getResourceAsStream(JS + name)) {
      Path p = dir.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    }
  }

  CliRun verify(String artifact, String bundle, String... identityFlags) throws IOException {
    String[] base = {"verify-blob", resource(artifact).toString(), "--bundle", resource(bundle).toString(),
        "--trusted-root", resource("trusted_root.json").toString()};
    String[] args = new String[base.length + identityFlags.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(identityFlags, 0, args, base.length, identityFlags.length);
    return CliRun.of(args);
  }

  @Test
  void verifiesABundleMadeByAnotherImplementation() throws IOException {
    CliRun run = verify("artifact.txt", "good.sigstore.json",
        "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().trim()).isEqualTo("Verified OK");
  }

  @Test
  void rejectsTamperedArtifactWithTheReason() throws IOException {
    CliRun run = verify("artifact-tampered.txt", "good.sigstore.json",
        "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER);
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).startsWith("error: SIGNATURE_INVALID");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void rejectsCertificateExpiredBeforeIntegratedTime() throws IOException {
    CliRun run = verify("artifact.txt", "expired-at-integration.sigstore.json",
        "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER);
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("CERTIFICATE_EXPIRED");
  }

  @Test
  void regexpIsSearchedLikeCosignAndWarnsWhenUnanchored() throws IOException {
    CliRun run = verify("artifact.txt", "good.sigstore.json",
        "--certificate-identity-regexp", "acme/mvm", "--certificate-oidc-issuer-regexp", "^https://token\\.actions\\.githubusercontent\\.com$");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("warning: --certificate-identity-regexp \"acme/mvm\" is not anchored");
    assertThat(run.err()).doesNotContain("--certificate-oidc-issuer-regexp \"");
  }

  @Test
  void wrongIdentityIsAMismatch() throws IOException {
    CliRun run = verify("artifact.txt", "good.sigstore.json",
        "--certificate-identity", IDENTITY.replace("v1.2.3", "v1.2.4"), "--certificate-oidc-issuer", ISSUER);
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("IDENTITY_MISMATCH");
  }

  @Test
  void identityAndIssuerAreRequiredAndExclusive() throws IOException {
    assertThat(verify("artifact.txt", "good.sigstore.json", "--certificate-oidc-issuer", ISSUER).exitCode())
        .isEqualTo(Main.USAGE);
    assertThat(verify("artifact.txt", "good.sigstore.json", "--certificate-identity", IDENTITY).exitCode())
        .isEqualTo(Main.USAGE);
    assertThat(verify("artifact.txt", "good.sigstore.json", "--certificate-identity", IDENTITY,
        "--certificate-identity-regexp", "x", "--certificate-oidc-issuer", ISSUER).exitCode()).isEqualTo(Main.USAGE);
  }

  @Test
  void invalidRegexpIsAUsageError() throws IOException {
    CliRun run = verify("artifact.txt", "good.sigstore.json",
        "--certificate-identity-regexp", "(unclosed", "--certificate-oidc-issuer", ISSUER);
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("error: ");
  }

  @Test
  void missingFilesAreUsageErrors() {
    CliRun run = CliRun.of("verify-blob", dir.resolve("nope").toString(), "--bundle", dir.resolve("nope.bundle").toString(),
        "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER,
        "--trusted-root", dir.resolve("root.json").toString());
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("does not exist");
  }

  @Test
  void garbageBundleIsRejectedNotACrash() throws IOException {
    FakeSigstore sigstore = FakeSigstore.create(3);
    Path root = sigstore.writeTrustedRoot(dir);
    Path file = Files.writeString(dir.resolve("f.txt"), "hello");
    Path bundle = Files.writeString(dir.resolve("f.bundle"), "{\"mediaType\":");
    CliRun run = CliRun.of("verify-blob", file.toString(), "--bundle", bundle.toString(),
        "--certificate-identity", "a@b.test", "--certificate-oidc-issuer", ISSUER, "--trusted-root", root.toString());
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("BUNDLE_MALFORMED");

    Files.write(bundle, sigstore.sign("hello".getBytes(StandardCharsets.UTF_8),
        SignRequest.builder().identity("a@b.test").issuer(ISSUER).build()));
    CliRun ok = CliRun.of("verify-blob", file.toString(), "--bundle", bundle.toString(),
        "--certificate-identity", "a@b.test", "--certificate-oidc-issuer", ISSUER, "--trusted-root", root.toString());
    assertThat(ok.exitCode()).as(ok.err()).isZero();
  }
}
