package io.trustgate.webhook.policy;

import io.trustgate.kube.testing.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.policy.PolicyDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode: policies from a directory, re-delivered when its files change. */
class DirectoryPolicySourceTest {
  @TempDir Path dir;
  final List<List<PolicyDocument>> deliveries = new CopyOnWriteArrayList<>();
  DirectoryPolicySource source;

  static String policy(String name, String glob) {
    return """
        apiVersion: trustgate.io/v1alpha1
        kind: TrustPolicy
        metadata: {name: %s}
        spec:
          images: [{glob: "%s", variant: dev}]
          manifests:
            url: "https://releases.example.test/v{version}/{variant}-image-{arch}.manifest.json"
            signer:
              issuer: "https://token.actions.githubusercontent.com"
              identity: "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v{version}"
        """.formatted(name, glob);
  }

  void start() {
    source = new DirectoryPolicySource(dir, Duration.ofMillis(50));
    source.start(deliveries::add);
  }

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
  }

  List<String> lastNames() {
    return deliveries.get(deliveries.size() - 1).stream().map(PolicyDocument::name).toList();
  }

  void awaitNames(String... names) {
    Eventually.await("policies " + List.of(names) + " are delivered",
        () -> !deliveries.isEmpty() && lastNames().equals(List.of(names)),
        () -> deliveries.isEmpty() ? "nothing" : lastNames().toString());
  }

  @Test
  void deliversThePoliciesReadAtStartBeforeStartReturns() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), policy("alpha", "ghcr.io/acme/a*"));
    Files.writeString(dir.resolve("b.yml"), policy("beta", "ghcr.io/acme/b*") + "---\n" + policy("gamma", "ghcr.io/acme/g*"));
    Files.writeString(dir.resolve("notes.txt"), "not a policy");
    start();
    assertThat(source.synced()).isTrue();
    assertThat(deliveries).hasSize(1);
    assertThat(lastNames()).containsExactly("alpha", "beta", "gamma");
    assertThat(deliveries.get(0).get(0).spec().images.get(0).glob).isEqualTo("ghcr.io/acme/a*");
  }

  @Test
  void anEmptyDirectoryIsAnEmptySet() {
    start();
    assertThat(source.synced()).isTrue();
    assertThat(deliveries).containsExactly(List.of());
  }

  @Test
  void redeliversWhenAFileIsAddedChangedOrRemoved() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), policy("alpha", "ghcr.io/acme/a*"));
    start();
    awaitNames("alpha");

    Files.writeString(dir.resolve("b.yaml"), policy("beta", "ghcr.io/acme/b*"));
    awaitNames("alpha", "beta");

    Files.writeString(dir.resolve("b.yaml"), policy("beta", "ghcr.io/acme/changed*"));
    Eventually.await("the change is delivered",
        () -> deliveries.get(deliveries.size() - 1).get(1).spec().images.get(0).glob.equals("ghcr.io/acme/changed*"));

    Files.delete(dir.resolve("a.yaml"));
    awaitNames("beta");
  }

  @Test
  void doesNotRedeliverWhileNothingChanges() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), policy("alpha", "ghcr.io/acme/a*"));
    start();
    source.poll();
    source.poll();
    assertThat(deliveries).hasSize(1);
  }

  @Test
  void keepsThePreviousSetWhileAFileIsUnreadable() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), policy("alpha", "ghcr.io/acme/a*"));
    start();
    Files.writeString(dir.resolve("a.yaml"), "kind: TrustPolicy\nspec: [unclosed");
    Files.writeString(dir.resolve("b.yaml"), policy("beta", "ghcr.io/acme/b*"));
    source.poll();
    assertThat(deliveries).hasSize(1);
    assertThat(lastNames()).containsExactly("alpha");

    Files.writeString(dir.resolve("a.yaml"), policy("alpha", "ghcr.io/acme/a*"));
    awaitNames("alpha", "beta");
  }

  @Test
  void isNotSyncedWhileTheFirstReadFails() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    start();
    assertThat(source.synced()).isFalse();
    assertThat(deliveries).isEmpty();
    Files.writeString(dir.resolve("a.yaml"), policy("alpha", "ghcr.io/acme/a*"));
    awaitNames("alpha");
    assertThat(source.synced()).isTrue();
  }

  @Test
  void readsASingleFile() throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), policy("alpha", "ghcr.io/acme/a*"));
    source = new DirectoryPolicySource(file, Duration.ofMillis(50));
    source.start(deliveries::add);
    assertThat(lastNames()).containsExactly("alpha");
    Files.writeString(file, policy("renamed", "ghcr.io/acme/a*"));
    awaitNames("renamed");
  }
}
