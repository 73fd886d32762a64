package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --trusted-root} reads both spellings of trusted root v0.1 and names any other version. */
class TrustedRootSpellingTest {
  static final String PARAMETER_FORM = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
  static final String VERSIONED_FORM = "application/vnd.dev.sigstore.trustedroot.v0.1+json";
  static final String IDENTITY = "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0";
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  static final Path EXAMPLES = Path.of("..", "examples");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final FakeSigstore sigstore = FakeSigstore.create(11);

  Path root(String mediaType) throws Exception {
    return Files.write(dir.resolve("root-" + Math.abs(mediaType.hashCode()) + ".json"),
        respelled(sigstore.trustedRootJson(), mediaType));
  }

  static byte[] respelled(byte[] trustedRoot, String mediaType) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(trustedRoot);
    assertThat(root.get("mediaType").asText()).isEqualTo(PARAMETER_FORM);
    root.put("mediaType", mediaType);
    return JSON.writeValueAsBytes(root);
  }

  CliRun verifyBlob(Path root) throws Exception {
    byte[] content = "release".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("f.txt"), content);
    Path bundle = Files.write(dir.resolve("f.txt.bundle"),
        sigstore.sign(content, SignRequest.builder().identity(IDENTITY).build()));
    return CliRun.of("verify-blob", file.toString(), "--bundle", bundle.toString(),
        "--certificate-identity", IDENTITY, "--certificate-oidc-issuer", ISSUER,
        "--trusted-root", root.toString());
  }

  @Test
  void verifyBlobAcceptsBothSpellings() throws Exception {
    for (String mediaType : new String[] {PARAMETER_FORM, VERSIONED_FORM}) {
      CliRun run = verifyBlob(root(mediaType));
      assertThat(run.exitCode()).as(mediaType + ": " + run.err()).isZero();
      assertThat(run.out().trim()).isEqualTo("Verified OK");
    }
  }

  @Test
  void verifyBlobNamesAnUnknownVersionAsAnInputError() throws Exception {
    Path root = root("application/vnd.dev.sigstore.trustedroot.v0.2+json");
    CliRun run = verifyBlob(root);
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("trusted root " + root
        + " has media type 'application/vnd.dev.sigstore.trustedroot.v0.2+json', trusted-root version 0.2,"
        + " which this trustgate does not support");
  }

  @Test
  void checkNamesAGarbageMediaTypeAsAnInputError() throws Exception {
    Path root = root("text/plain");
    CliRun run = CliRun.of("check", "-f", EXAMPLES.resolve("workloads.yaml").toString(),
        "--policy", EXAMPLES.resolve("policy.yaml").toString(), "--trusted-root", root.toString(),
        "--mirror", EXAMPLES.resolve("mirror").toString());
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("has media type 'text/plain', which is not a Sigstore trusted-root media type");
  }

  @Test
  void checkDecidesTheExampleMirrorAlikeWithEitherSpelling() throws Exception {
    Path versioned = Files.write(dir.resolve("versioned.json"),
        respelled(Files.readAllBytes(EXAMPLES.resolve("trusted_root.json")), VERSIONED_FORM));
    CliRun original = check(EXAMPLES.resolve("trusted_root.json"));
    CliRun respelled = check(versioned);
    assertThat(respelled.exitCode()).isEqualTo(original.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(respelled.out()).isEqualTo(original.out()).contains("ALLOW").contains("DENY");
  }

  CliRun check(Path root) {
    return CliRun.of("check", "-f", EXAMPLES.resolve("workloads.yaml").toString(),
        "--policy", EXAMPLES.resolve("policy.yaml").toString(), "--trusted-root", root.toString(),
        "--mirror", EXAMPLES.resolve("mirror").toString());
  }
}
