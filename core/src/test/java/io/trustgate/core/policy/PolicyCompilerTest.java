package io.trustgate.core.policy;

import static io.trustgate.core.testing.ReleaseWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.Arch;
import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.Signer;
import io.trustgate.api.v1alpha1.StaleAction;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.api.v1alpha1.TrustRoot;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.testing.ReleaseWorld;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
  static List<String> problems(Consumer<TrustPolicySpec> edit) {
    TrustPolicySpec spec = spec();
    edit.accept(spec);
    return PolicyCompiler.compile("p", spec).problems().stream().map(PolicyProblem::toString).toList();
  }

  @Test
  void appliesDefaults() {
    CompiledPolicy p = PolicyCompiler.compile("forge", spec()).policy().orElseThrow();
    assertThat(p.mode()).isEqualTo(PolicyMode.Enforce);
    assertThat(p.arches()).containsExactly("x86_64", "aarch64");
    assertThat(p.requireDigest()).isTrue();
    assertThat(p.expiryEnforced()).isTrue();
    assertThat(p.escapeHatchActive()).isFalse();
    assertThat(p.trustRoot()).isEqualTo(new TrustRootRef.PublicGood());
    RevocationRule r = p.revocations().orElseThrow();
    assertThat(r.refreshInterval()).isEqualTo(Duration.ofHours(24));
    assertThat(r.maxStaleness()).isEqualTo(Duration.ofHours(168));
    assertThat(r.onStale()).isEqualTo(StaleAction.Deny);
    assertThat(r.bundleUrl()).endsWith("revoked-versions.json.bundle");
  }

  @Test
  void extractsVersionsWithTheDefaultPattern() throws Exception {
    CompiledPolicy p = PolicyCompiler.compile("forge", spec()).policy().orElseThrow();
    assertThat(p.versionOf("v0.14.0")).contains("0.14.0");
    assertThat(p.versionOf("0.14.0")).contains("0.14.0");
    assertThat(p.versionOf("v0.14")).isEmpty();
    assertThat(p.versionOf("xv0.14.0")).isEmpty();
    assertThat(p.versionOf("v0.14.0-rc1")).isEmpty();
    assertThat(p.versionOf(null)).isEmpty();
    assertThat(p.selectorFor(ImageRef.parse("ghcr.io/acme-labs/forge-dev:v1.0.0"))).isPresent();
    assertThat(p.selectorFor(ImageRef.parse("ghcr.io/acme-labs/forge-builder:v1.0.0"))).isEmpty();
  }

  @Test
  void quotesPlaceholdersInsideIdentityRegexes() {
    CompiledPolicy p = PolicyCompiler.compile("forge", spec()).policy().orElseThrow();
    var signer = p.manifests().signer().resolve(new ReleaseCoordinates("1.2.3", "dev", "x86_64"));
    assertThat(signer.identity().matches("https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v1.2.3")).isTrue();
    // a '.' in the version is literal, and the match is anchored
    assertThat(signer.identity().matches("https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v1x2x3")).isFalse();
    assertThat(signer.identity().matches("https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v1.2.3-evil")).isFalse();
  }

  @Test
  void reportsEveryProblemWithItsFieldPath() {
    assertThat(problems(s -> {
      s.images = List.of(new ImageSelector("", "Dev"));
      s.manifests.signer = new Signer();
      s.revocations.refreshInterval = "1d";
    })).contains(
        "spec.images[0].glob: is required",
        "spec.images[0].variant: must be a lowercase release variant such as dev or builder",
        "spec.manifests.signer: set exactly one of issuer or issuerRegex",
        "spec.manifests.signer: set exactly one of identity or identityRegex")
        .anySatisfy(p -> assertThat(p).startsWith("spec.revocations.refreshInterval: "));
  }

  @Test
  void rejectsInvalidRegexesWithTheirField() {
    assertThat(problems(s -> s.manifests.signer.identityRegex = "https://(unclosed"))
        .singleElement().asString().startsWith("spec.manifests.signer.identityRegex: ");
    assertThat(problems(s -> s.versionFromTag = "^v([0-9]+)$"))
        .containsExactly("spec.versionFromTag: must have a named group (?P<version>...)");
    assertThat(problems(s -> s.versionFromTag = "(?P<version>a++)"))
        .singleElement().asString().startsWith("spec.versionFromTag: invalid RE2 regular expression '");
  }

  @Test
  void refusesBacktrackingOnlySyntaxBecauseRe2HasNoBackreferences() {
    assertThat(problems(s -> s.manifests.signer.identityRegex = "(a)\\1")).hasSize(1);
  }

  @Test
  void rejectsUnknownAndMisplacedPlaceholders() {
    assertThat(problems(s -> s.manifests.url = "https://x.test/{release}/m.json"))
        .containsExactly("spec.manifests.url: unknown placeholder {release}; use {version}, {variant} or {arch}");
    assertThat(problems(s -> s.revocations.url = "https://x.test/{version}/list.json"))
        .singleElement().asString().startsWith("spec.revocations.url: placeholders are not allowed here");
  }

  @Test
  void enforcesDomainSeparationBetweenSigners() {
    assertThat(problems(s -> {
      s.manifests.signer = Signer.exact(ReleaseWorld.ISSUER, ReleaseWorld.REVOCATION_IDENTITY);
      s.revocations.signer = Signer.exact(ReleaseWorld.ISSUER, ReleaseWorld.REVOCATION_IDENTITY);
    }))
        .singleElement().asString().startsWith("spec.revocations.signer: must differ from spec.manifests.signer");
  }

  @Test
  void checksUrlsDurationsArchesAndTrustRoot() {
    assertThat(problems(s -> s.manifests.url = "ftp://x.test/{version}")).containsExactly(
        "spec.manifests.url: must be an https:// or http:// URL");
    assertThat(problems(s -> s.revocations.maxStaleness = "1h"))
        .containsExactly("spec.revocations.maxStaleness: must not be shorter than refreshInterval (1h < 24h)");
    assertThat(problems(s -> s.arches = List.of(Arch.x86_64, Arch.x86_64)))
        .containsExactly("spec.arches[1]: x86_64 is listed twice");
    assertThat(problems(s -> s.trustRoot = new TrustRoot()))
        .containsExactly("spec.trustRoot: set exactly one of publicGood or configMapRef");
    assertThat(problems(s -> s.trustRoot = TrustRoot.configMap("", "roots", null)))
        .containsExactly("spec.trustRoot.configMapRef.namespace: is required");
    assertThat(PolicyCompiler.compile("p", null).problems()).containsExactly(new PolicyProblem("spec", "is required"));
  }

  @Test
  void lintsWideIdentityPatterns() {
    TrustPolicySpec spec = spec();
    spec.manifests.signer.identityRegex = "https://github.com/acme-labs/forge/.*@refs/tags/v{version}";
    assertThat(PolicyCompiler.compile("p", spec).warnings()).singleElement().asString().contains("unescaped '.'");
    spec.manifests.signer.identityRegex = ".*@refs/tags/v{version}";
    assertThat(PolicyCompiler.compile("p", spec).warnings()).singleElement().asString().contains("no literal prefix");
    spec.manifests.signer.identityRegex = "https://.*/acme-labs/forge@refs/tags/v{version}";
    assertThat(PolicyCompiler.compile("p", spec).warnings()).singleElement().asString().contains("any host name");
  }
}
