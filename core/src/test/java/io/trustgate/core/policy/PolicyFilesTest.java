package io.trustgate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustgate.core.testing.ReleaseWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors in policy files say where, in the user's terms, without Java class names. */
class PolicyFilesTest {
  static final String POLICY = """
      apiVersion: trustgate.io/v1alpha1
      kind: TrustPolicy
      metadata:
        name: forge
      spec:
        images:
          - glob: "ghcr.io/acme-labs/forge-dev*"
            variant: dev
        manifests:
          url: "https://example.test/v{version}/{variant}-image-{arch}.manifest.json"
          signer:
            issuer: "https://token.actions.githubusercontent.com"
            identityRegex: "https://github\\\\.com/acme-labs/forge/\\\\.github/workflows/release\\\\.yml@refs/tags/v{version}"
        requireDigest: true
      """;

  @TempDir Path dir;

  Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("policy.yaml"), text);
  }

  @Test
  void unknownFieldIsWordedAsTheWebhookWordsItWithLineAndColumn() throws Exception {
    Path file = write("---\n" + POLICY.replace("requireDigest: true", "requireDigst: true"));
    assertThatThrownBy(() -> PolicyFiles.read(file))
        .isInstanceOf(PolicyFiles.PolicyFileException.class)
        .hasMessageStartingWith(file + ": YAML document 1, line 15, column 3: policy forge: spec.requireDigst: unknown field; known fields here: [")
        .hasMessageContaining("requireDigest")
        .hasMessageNotContaining("io.trustgate")
        .hasMessageNotContaining("class");
  }

  @Test
  void unknownNestedFieldIsLocatedInTheRightDocument() throws Exception {
    Path file = write(POLICY + "---\n" + POLICY.replace("forge", "other").replace("variant: dev", "variant: dev\n      tag: x"));
    assertThatThrownBy(() -> PolicyFiles.read(file))
        .hasMessageStartingWith(file + ": YAML document 2, line 24, column 7: policy other: spec.images[0].tag: unknown field");
  }

  @Test
  void wrongTypeNamesTheFieldPath() throws Exception {
    Path file = write(POLICY.replace("requireDigest: true", "requireDigest: [yes]"));
    assertThatThrownBy(() -> PolicyFiles.read(file))
        .hasMessageContaining("policy forge: spec.requireDigest: ")
        .hasMessageNotContaining("io.trustgate");
  }

  @Test
  void yamlSyntaxErrorHasLineAndColumn() throws Exception {
    Path file = write(POLICY.replace("requireDigest: true", "requireDigest: [true"));
    assertThatThrownBy(() -> PolicyFiles.read(file))
        .hasMessageStartingWith(file + ": YAML document 1, line ")
        .hasMessageMatching("(?s).*line \\d+, column \\d+: .*");
  }

  @Test
  void badTemplatedRegexShowsWhatTheUserWroteAndTheFieldPath() throws Exception {
    var spec = ReleaseWorld.spec();
    spec.manifests.signer.identityRegex = "https://github\\.com/acme/release\\.yml@refs/tags/v{version}(";
    PolicyCompilation c = PolicyCompiler.compile("forge", spec);
    assertThat(c.problems()).singleElement().asString().isEqualTo(
        "spec.manifests.signer.identityRegex: invalid RE2 regular expression"
            + " 'https://github\\.com/acme/release\\.yml@refs/tags/v{version}(': missing closing )");
  }
}
