package io.trustgate.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.image.InvalidImageReferenceException;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.CompiledSelector;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.testing.ReleaseWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The index finds exactly the policies (and selectors) a scan of every policy finds. */
class PolicyIndexTest {
  static final String[] GLOB_REGISTRIES = {"", "ghcr.io/", "GHCR.IO:443/", "ghcr.io:443/", "docker.io/",
      "index.docker.io/", "registry-1.docker.io/", "quay.io/", "*.io/", "ghcr.*/", "**/", "localhost:5000/",
      "[::1]:5000/", "Quay.IO/"};
  static final String[] GLOB_SEGMENTS = {"acme", "app", "acme-app", "a*", "*", "**", "acme*", "x", "library", "*app"};
  static final String[] IMAGE_REGISTRIES = {"", "ghcr.io/", "GHCR.IO:443/", "ghcr.io:443/", "docker.io/",
      "index.docker.io/", "quay.io/", "QUAY.io/", "localhost:5000/", "[::1]:5000/", "example.com/"};
  static final String[] IMAGE_SEGMENTS = {"acme", "app", "acme-app", "ax", "x", "library", "myapp"};

  @Test
  void randomPoliciesAndImagesGiveTheSameGovernanceAsALinearScan() {
    Random random = new Random(20261202L);
    int compared = 0;
    int governed = 0;
    for (int trial = 0; trial < 20; trial++) {
      List<CompiledPolicy> policies = randomPolicies(random, 1 + random.nextInt(60));
      PolicyIndex index = new PolicyIndex(policies);
      for (int n = 0; n < 300; n++) {
        Optional<ImageRef> ref = randomImage(random);
        if (ref.isEmpty()) {
          continue;
        }
        Map<String, CompiledSelector> linear = governing(policies, ref.get());
        assertThat(governing(index.candidates(ref.get()), ref.get()))
            .as("%s under %s", ref.get(), policies.stream().map(p -> p.images().toString()).toList())
            .containsExactlyEntriesOf(linear);
        compared++;
        governed += linear.isEmpty() ? 0 : 1;
      }
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    assertThat(compared).isGreaterThan(4000);
    assertThat(governed).isBetween(compared / 10, compared - compared / 10);
  }

  @Test
  void candidatesKeepThePoliciesOrderAndListEachOnce() {
    List<CompiledPolicy> policies = List.of(
        policy("p0", "ghcr.io/acme/app", "ghcr.io/acme/*"),
        policy("p1", "**/app"),
        policy("p2", "quay.io/acme/app"),
        policy("p3", "ghcr.io/*/app", "GHCR.IO:443/acme/app"));
    PolicyIndex index = new PolicyIndex(policies);
    assertThat(index.candidates(ref("ghcr.io/acme/app:1")))
        .extracting(CompiledPolicy::name).containsExactly("p0", "p1", "p3");
    assertThat(index.candidates(ref("docker.io/other/thing:1")))
        .extracting(CompiledPolicy::name).containsExactly("p1");
  }

  @Test
  void aLookupMeetsOnlyPoliciesNamingItsRegistryAndRootOrAWildcardRegistry() {
    List<CompiledPolicy> policies = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      policies.add(policy("p" + i, "ghcr.io/team" + i + "/*"));
    }
    policies.add(policy("wild", "*.example.com/**"));
    PolicyIndex index = new PolicyIndex(policies);
    // A wildcard registry is a candidate everywhere; the literal ones only under their own name.
    assertThat(index.candidates(ref("ghcr.io/team500/app:1"))).extracting(CompiledPolicy::name)
        .containsExactly("p500", "wild");
    assertThat(index.candidates(ref("registry.example.com/a/b:1"))).extracting(CompiledPolicy::name).containsExactly("wild");
    assertThat(index.candidates(ref("quay.io/a/b:1"))).extracting(CompiledPolicy::name).containsExactly("wild");
  }

  static Map<String, CompiledSelector> governing(List<CompiledPolicy> policies, ImageRef ref) {
    Map<String, CompiledSelector> out = new java.util.LinkedHashMap<>();
    for (CompiledPolicy p : policies) {
      p.selectorFor(ref).ifPresent(s -> out.put(p.name(), s));
    }
    return out;
  }

  static List<CompiledPolicy> randomPolicies(Random random, int count) {
    List<CompiledPolicy> out = new ArrayList<>();
    while (out.size() < count) {
      int selectors = 1 + random.nextInt(3);
      List<String> globs = new ArrayList<>();
      for (int s = 0; s < selectors; s++) {
        StringBuilder glob = new StringBuilder(pick(random, GLOB_REGISTRIES));
        int segments = 1 + random.nextInt(3);
        for (int i = 0; i < segments; i++) {
          glob.append(i == 0 ? "" : "/").append(pick(random, GLOB_SEGMENTS));
        }
        globs.add(glob.toString());
      }
      compiled("p" + out.size(), globs).ifPresent(out::add);
    }
    return out;
  }

  static Optional<ImageRef> randomImage(Random random) {
    StringBuilder image = new StringBuilder(pick(random, IMAGE_REGISTRIES));
    int segments = 1 + random.nextInt(3);
    for (int i = 0; i < segments; i++) {
      image.append(i == 0 ? "" : "/").append(pick(random, IMAGE_SEGMENTS));
    }
    try {
      return Optional.of(ImageRef.parse(image.append(":1.0").toString()));
    } catch (InvalidImageReferenceException e) {
      return Optional.empty();
    }
  }

  static Optional<CompiledPolicy> compiled(String name, List<String> globs) {
    TrustPolicySpec spec = ReleaseWorld.spec();
    spec.images = globs.stream().map(g -> new ImageSelector(g, "dev")).collect(Collectors.toList());
    PolicyCompilation c = PolicyCompiler.compile(name, spec);
    return c.ok() ? c.policy() : Optional.empty();
  }

  static CompiledPolicy policy(String name, String... globs) {
    return compiled(name, List.of(globs)).orElseThrow();
  }

  static ImageRef ref(String image) {
    try {
      return ImageRef.parse(image);
    } catch (InvalidImageReferenceException e) {
      throw new AssertionError(e);
    }
  }

  static String pick(Random random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
