package io.trustgate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.re2j.Pattern;
import io.trustgate.api.v1alpha1.Signer;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.image.InvalidImageReferenceException;
import io.trustgate.core.policy.PolicyFiles.PolicyFileException;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.testing.ReleaseWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * TrustPolicies come from files (CLI, local mode) and the apiserver. Properties: a policy file
 * reads into documents or throws {@link PolicyFileException}; every document compiles into a
 * policy or a list of problems, never an exception; a compiled policy answers every question the
 * engine asks it (governing selector, version from tag, manifest URL, signer) without throwing;
 * and a version substituted into an {@code identityRegex} template matches only itself.
 */
class TrustPolicyFuzzTest {
  private static final List<String> TAGS =
      List.of("v0.14.0", "0.14.0", "v1.2.3-rc.1", "latest", "v1.2.3+build.7", "v1x2x3", "");
  private static final List<String> IMAGES = List.of(
      "ghcr.io/acme-labs/forge-dev:v0.14.0@sha256:" + "a".repeat(64),
      "GHCR.IO:443/acme-labs/forge-builder:v1.0.0",
      "nginx:1.27",
      "registry.example.test:5000/team/app@sha256:" + "b".repeat(64));

  private static final Path FILE = tempFile();

  /** Input: a policy file (YAML, one or more documents). */
  @FuzzTest(maxDuration = "10s")
  void policyFilesReadAndCompileWithoutThrowing(byte[] input) throws IOException {
    Files.write(FILE, input);
    List<PolicyDocument> documents;
    try {
      documents = PolicyFiles.read(FILE);
    } catch (PolicyFileException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    for (PolicyDocument doc : documents) {
      PolicyCompilation compilation = PolicyCompiler.compile(doc.name(), doc.spec());
      assertThat(compilation.ok()).isEqualTo(compilation.problems().isEmpty());
      compilation.policy().ifPresent(TrustPolicyFuzzTest::askEverything);
    }
  }

  /**
   * Input: {@code identity prefix '\n' versionFromTag '\n' tag}. The prefix is quoted into the
   * release identity regex before {@code {version}}; the version a tag names must then match
   * exactly its own identity, never a look-alike (a '.' in a version is not a wildcard).
   */
  @FuzzTest(maxDuration = "10s")
  void versionsSubstituteIntoIdentityRegexesLiterally(byte[] input) {
    String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 3);
    String prefix = parts[0];
    TrustPolicySpec spec = ReleaseWorld.spec();
    spec.manifests.signer = Signer.identityRegex(ReleaseWorld.ISSUER, Pattern.quote(prefix) + "{version}");
    if (parts.length > 1 && !parts[1].isEmpty()) {
      spec.versionFromTag = parts[1];
    }
    String tag = parts.length > 2 ? parts[2] : "v0.14.0";
    PolicyCompilation compilation = PolicyCompiler.compile("fuzz", spec);
    if (!compilation.ok()) {
      assertThat(compilation.problems()).isNotEmpty();
      return;
    }
    CompiledPolicy policy = compilation.policy().get();
    askEverything(policy);
    Optional<String> version = policy.versionOf(tag);
    if (version.isEmpty()) {
      return;
    }
    String v = version.get();
    SignerIdentity signer = policy.manifests().signer().resolve(new ReleaseCoordinates(v, "dev", "x86_64"));
    assertThat(signer.identity().matches(prefix + v)).as("identity for %s", v).isTrue();
    for (String other : List.of(v + "0", "0" + v, v.replace('.', 'x'), v.replace('+', 'x'), v.replace('-', 'x'))) {
      if (!other.equals(v)) {
        assertThat(signer.identity().matches(prefix + other)).as("identity for %s matches %s", v, other).isFalse();
      }
    }
  }

  private static void askEverything(CompiledPolicy policy) {
    for (String image : IMAGES) {
      try {
        policy.selectorFor(ImageRef.parse(image));
      } catch (InvalidImageReferenceException e) {
        throw new AssertionError(e);
      }
    }
    for (String tag : TAGS) {
      policy.versionOf(tag).ifPresent(v -> {
        for (String arch : policy.arches()) {
          for (CompiledSelector s : policy.images()) {
            ReleaseCoordinates at = new ReleaseCoordinates(v, s.variant(), arch);
            assertThat(policy.manifests().manifestUrl(at)).isNotBlank();
            assertThat(policy.manifests().signer().resolve(at)).isNotNull();
          }
        }
      });
    }
    policy.revocations().ifPresent(r -> assertThat(r.bundleUrl()).endsWith(".bundle"));
  }

  private static Path tempFile() {
    try {
      Path file = Files.createTempFile("trustpolicy-fuzz", ".yaml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
