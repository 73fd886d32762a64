package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustgate.core.testing.sigstore.LegacyBundleWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed examples' release mirror with every bundle in cosign's legacy format (what cosign
 * v2.x {@code sign-blob --bundle} writes) is decided exactly as the mirror of Sigstore bundles:
 * same output, same exit code, for check, verify-manifest, verify-blob and import.
 */
class LegacyExamplesTest {
  static final Path EXAMPLES = ExamplesTest.EXAMPLES;
  static final String RELEASE = "acme-labs/forge/releases/download/v0.14.1/dev-image-x86_64.manifest.json";
  static final String TAMPERED = "acme-labs/forge/releases/download/v0.12.0/dev-image-x86_64.manifest.json";
  static final String LIST = "acme-labs/forge/releases/download/revocations/revoked-versions.json";

  @TempDir static Path dir;
  static Path legacyMirror;

  @BeforeAll
  static void convert() throws Exception {
    legacyMirror = dir.resolve("mirror");
    List<Path> converted = LegacyBundleWriter.convertMirror(EXAMPLES.resolve("mirror"), legacyMirror);
    assertThat(converted).hasSize(9);
    for (Path bundle : converted) {
      JsonNode json = new ObjectMapper().readTree(bundle.toFile());
      assertThat(json.has("mediaType")).isFalse();
      assertThat(json.fieldNames()).toIterable().containsExactly("base64Signature", "cert", "rekorBundle");
    }
  }

  static CliRun check(Path mirror, String... extra) {
    String[] base = {"check", "-f", EXAMPLES.resolve("workloads.yaml").toString(),
        "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", mirror.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  static CliRun verifyManifest(Path mirror, String manifest) {
    return CliRun.of("verify-manifest", mirror.resolve(manifest).toString(),
        "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString());
  }

  static void assertSameRun(CliRun legacy, CliRun sigstore) {
    assertThat(legacy.exitCode()).as(legacy.err()).isEqualTo(sigstore.exitCode());
    assertThat(legacy.out()).isEqualTo(sigstore.out());
  }

  /**
   * The same run, up to the verifier's own detail of why a signature failed, which names what each
   * format records (a message digest, or the log entry's digest); the reason codes still match.
   */
  static void assertSameDecisions(CliRun legacy, CliRun sigstore) {
    assertThat(legacy.exitCode()).as(legacy.err()).isEqualTo(sigstore.exitCode());
    assertThat(withoutVerifierDetail(legacy.out())).isEqualTo(withoutVerifierDetail(sigstore.out()));
    assertThat(legacy.out()).contains("the legacy cosign bundle was made for other bytes");
  }

  static String withoutVerifierDetail(String out) {
    return out.replaceAll("(The signature does not verify over the artifact: )[^;\"]*",
        "$1<detail>");
  }

  @Test
  void checkDecidesTheLegacyMirrorExactlyAsTheSigstoreMirror() {
    CliRun sigstore = check(EXAMPLES.resolve("mirror"));
    CliRun legacy = check(legacyMirror);
    assertThat(sigstore.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(sigstore.out()).contains("8 container image(s) checked: 5 allowed, 3 denied");
    assertSameDecisions(legacy, sigstore);
  }

  @Test
  void checkJsonOutputIsTheSameToo() {
    CliRun legacy = check(legacyMirror, "-o", "json");
    assertSameDecisions(legacy, check(EXAMPLES.resolve("mirror"), "-o", "json"));
    assertThat(legacy.out()).contains("\"reason\" : \"SIGNATURE_INVALID\"");
  }

  @Test
  void verifyManifestAcceptsALegacyRelease() {
    CliRun legacy = verifyManifest(legacyMirror, RELEASE);
    assertThat(legacy.exitCode()).as(legacy.err()).isZero();
    assertThat(legacy.out()).startsWith("Verified OK: 0.14.1 dev/x86_64 signed by "
        + "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.1");
    assertSameRun(legacy, verifyManifest(EXAMPLES.resolve("mirror"), RELEASE));
  }

  @Test
  void verifyManifestRejectsTheTamperedLegacyRelease() {
    CliRun legacy = verifyManifest(legacyMirror, TAMPERED);
    assertThat(legacy.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(legacy.err()).contains("SIGNATURE_INVALID");
  }

  @Test
  void verifyBlobAcceptsALegacyBundleAndRejectsAnotherIdentity() {
    Path list = legacyMirror.resolve(LIST);
    String[] base = {"verify-blob", list.toString(), "--bundle", list + ".bundle",
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(),
        "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com"};
    CliRun ok = CliRun.of(concat(base, "--certificate-identity",
        "https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations"));
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("Verified OK");

    CliRun wrong = CliRun.of(concat(base, "--certificate-identity",
        "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.1"));
    assertThat(wrong.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(wrong.err()).contains("IDENTITY_MISMATCH");
  }

  @Test
  void importKeepsTheLegacyBundleBytes() throws Exception {
    Path list = legacyMirror.resolve(LIST);
    CliRun run = CliRun.of("import", list.toString(), "--url", "https://github.com/" + LIST,
        "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("Verified OK: revocation list (1 recall(s), sequence 7)");
    assertThat(run.out()).contains(java.util.Base64.getEncoder()
        .encodeToString(Files.readAllBytes(Path.of(list + ".bundle"))));
  }

  private static String[] concat(String[] base, String... extra) {
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return args;
  }
}
