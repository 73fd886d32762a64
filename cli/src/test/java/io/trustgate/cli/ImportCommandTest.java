package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trustgate.core.evidence.MirrorConfigMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `trustgate import`: verified documents become mirror ConfigMaps with their exact bytes. */
class ImportCommandTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final Path DOWNLOAD = EXAMPLES.resolve("mirror/acme-labs/forge/releases/download");
  static final String UPSTREAM = "https://github.com/acme-labs/forge/releases/download/";
  static final String LIST = "revocations/revoked-versions.json";
  static final String MANIFEST = "v0.14.1/dev-image-x86_64.manifest.json";
  /** The webhook's mirror test serves this file; it must stay what import prints. */
  static final Path WEBHOOK_FIXTURE =
      Path.of("..", "kube", "src", "test", "resources", "io", "trustgate", "kube", "evidence", "imported-examples.yaml");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  static CliRun importWithPolicy(String document, String... extra) {
    return run(DOWNLOAD.resolve(document), UPSTREAM + document, extra);
  }

  static CliRun run(Path document, String url, String... extra) {
    String[] base = {"import", document.toString(), "--url", url,
        "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  static byte[] decoded(JsonNode configMap, String key) {
    return Base64.getDecoder().decode(configMap.path("binaryData").path(key).asText());
  }

  @Test
  void importsAVerifiedRevocationListWithItsExactBytes() throws Exception {
    CliRun run = importWithPolicy(LIST);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("Verified OK: revocation list (1 recall(s), sequence 7) signed by "
        + "https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations");

    JsonNode cm = YAML.readTree(run.out());
    assertThat(cm.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(cm.path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(cm.at("/metadata/name").asText()).isEqualTo(MirrorConfigMap.nameFor(UPSTREAM + LIST));
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("trustgate-system");
    assertThat(cm.path("metadata").path("labels").path(MirrorConfigMap.LABEL).asText()).isEqualTo("true");
    assertThat(cm.path("metadata").path("annotations").path(MirrorConfigMap.URL_ANNOTATION).asText())
        .isEqualTo(UPSTREAM + LIST);
    assertThat(decoded(cm, MirrorConfigMap.DOCUMENT_KEY)).isEqualTo(Files.readAllBytes(DOWNLOAD.resolve(LIST)));
    assertThat(decoded(cm, MirrorConfigMap.BUNDLE_KEY)).isEqualTo(Files.readAllBytes(DOWNLOAD.resolve(LIST + ".bundle")));
  }

  @Test
  void importsAVerifiedManifestIntoTheGivenNamespace() throws Exception {
    CliRun run = importWithPolicy(MANIFEST, "--namespace", "mirrors");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("Verified OK: release manifest 0.14.1 dev/x86_64 signed by "
        + "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.1");
    JsonNode cm = YAML.readTree(run.out());
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("mirrors");
    assertThat(decoded(cm, MirrorConfigMap.DOCUMENT_KEY)).isEqualTo(Files.readAllBytes(DOWNLOAD.resolve(MANIFEST)));
  }

  @Test
  void printsWhatTheWebhookMirrorTestServes() throws Exception {
    StringBuilder out = new StringBuilder();
    for (String doc : List.of(LIST, "v0.13.0/dev-image-x86_64.manifest.json", MANIFEST)) {
      CliRun run = importWithPolicy(doc);
      assertThat(run.exitCode()).as(run.err()).isZero();
      out.append(run.out());
    }
    assertThat(out.toString())
        .as("regenerate %s by running trustgate import on the three documents", WEBHOOK_FIXTURE)
        .isEqualTo(Files.readString(WEBHOOK_FIXTURE));
  }

  @Test
  void refusesATamperedDocument() throws Exception {
    byte[] original = Files.readAllBytes(DOWNLOAD.resolve(MANIFEST));
    Path tampered = Files.write(dir.resolve("dev-image-x86_64.manifest.json"),
        new String(original, StandardCharsets.UTF_8).replace("2031-01-01", "2039-01-01").getBytes(StandardCharsets.UTF_8));
    CliRun run = run(tampered, UPSTREAM + MANIFEST, "--bundle", DOWNLOAD.resolve(MANIFEST + ".bundle").toString());
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("refusing to import release manifest 0.14.1 dev/x86_64: SIGNATURE_INVALID")
        .contains("expected signer (policy forge)");
  }

  @Test
  void refusesAListSignedByTheReleaseIdentity() {
    CliRun run = CliRun.of("import", DOWNLOAD.resolve(LIST).toString(), "--url", UPSTREAM + LIST,
        "--certificate-identity", "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.1",
        "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString());
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("IDENTITY_MISMATCH");
  }

  @Test
  void acceptsAnExplicitSigner() {
    CliRun run = CliRun.of("import", DOWNLOAD.resolve(LIST).toString(), "--url", UPSTREAM + LIST,
        "--certificate-identity", "https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations",
        "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(MirrorConfigMap.nameFor(UPSTREAM + LIST));
  }

  @Test
  void refusesAUrlThePolicyNeverFetches() {
    CliRun run = run(DOWNLOAD.resolve(MANIFEST), UPSTREAM + "v0.14.1/dev-image-aarch64.manifest.json");
    // A refusal, as the help says: exit 1, not a usage error.
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).startsWith("error: refusing to import ");
    assertThat(run.err()).contains("policy forge fetches it from " + UPSTREAM + MANIFEST);
  }

  @Test
  void refusesSomethingThatIsNeitherManifestNorList() throws Exception {
    Path other = Files.writeString(dir.resolve("other.json"), "{\"hello\": 1}");
    Files.writeString(dir.resolve("other.json.bundle"), "{}");
    CliRun run = run(other, UPSTREAM + LIST);
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("neither a release manifest").contains("nor a revocation list");
  }

  @Test
  void needsAPolicyOrAnExplicitSigner() {
    CliRun run = CliRun.of("import", DOWNLOAD.resolve(LIST).toString(), "--url", UPSTREAM + LIST);
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
  }
}
