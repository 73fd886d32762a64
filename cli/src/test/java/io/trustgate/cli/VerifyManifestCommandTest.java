package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.ReleaseSigner;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manual "jq + sha256sum" check, as one command. */
class VerifyManifestCommandTest {
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  @TempDir Path dir;
  Path artifacts;
  Path manifest;
  Path policy;
  Path root;

  @BeforeEach
  void release() throws Exception {
    FakeSigstore sigstore = FakeSigstore.create(11);
    root = sigstore.writeTrustedRoot(dir);
    artifacts = Files.createDirectories(dir.resolve("download"));
    byte[] image = "image bytes".getBytes(StandardCharsets.UTF_8);
    Files.write(artifacts.resolve("dev-image-x86_64.tar.zst"), image);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
    String json = """
        {"schema_version":1,"version":"1.0.0","arch":"x86_64","variant":"dev",
         "artifacts":[{"name":"dev-image-x86_64.tar.zst","sha256":"%s"},
                      {"name":"dev-image-x86_64.oci","sha256":"%s"}],
         "not_after":"2099-01-01T00:00:00Z"}""".formatted(sha, "0".repeat(64));
    manifest = new ReleaseSigner(sigstore, dir).write("dev-image-x86_64.manifest.json",
        json.getBytes(StandardCharsets.UTF_8),
        SignRequest.builder().identity("https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0")
            .issuer(ISSUER).build()).document();
    policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: trustgate.io/v1alpha1
        kind: TrustPolicy
        metadata: {name: app}
        spec:
          images: [{glob: "ghcr.io/acme/app*", variant: dev}]
          manifests:
            url: "https://github.com/acme/app/releases/download/v{version}/{variant}-image-{arch}.manifest.json"
            signer:
              issuer: "https://token.actions.githubusercontent.com"
              identityRegex: "https://github\\\\.com/acme/app/\\\\.github/workflows/release\\\\.yml@refs/tags/v{version}"
        """);
  }

  CliRun run() {
    return CliRun.of("verify-manifest", manifest.toString(), "--policy", policy.toString(),
        "--trusted-root", root.toString(), "--artifacts-dir", artifacts.toString());
  }

  @Test
  void checksEachListedFileThatIsPresent() {
    CliRun run = run();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Verified OK: 1.0.0 dev/x86_64")
        .contains("dev-image-x86_64.tar.zst  OK")
        .contains("dev-image-x86_64.oci  (not in " + artifacts + ")");
  }

  @Test
  void reportsAFileWhoseHashDiffers() throws Exception {
    Files.writeString(artifacts.resolve("dev-image-x86_64.tar.zst"), "swapped");
    CliRun run = run();
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.out()).contains("dev-image-x86_64.tar.zst  MISMATCH: file has ");
  }

  @Test
  void failsWhenNoListedFileIsPresent() throws Exception {
    Files.delete(artifacts.resolve("dev-image-x86_64.tar.zst"));
    CliRun run = run();
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("none of the listed artifacts");
  }

  @Test
  void aManifestOfAnotherVersionFailsTheVersionBoundIdentity() throws Exception {
    Files.writeString(manifest, Files.readString(manifest).replace("\"1.0.0\"", "\"1.0.1\""));
    CliRun run = run();
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("IDENTITY_MISMATCH", "refs/tags/v1\\.0\\.1");
  }
}
