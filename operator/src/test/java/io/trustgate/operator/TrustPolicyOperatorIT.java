package io.trustgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.kube.testing.Eventually;
import io.trustgate.operator.testing.LoopbackReleaseServer;
import io.trustgate.operator.testing.SignedReleases;
import io.trustgate.operator.tls.WebhookTlsSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole operator (JOSDK, SSA off) against the mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class TrustPolicyOperatorIT {
  KubernetesClient client;
  @TempDir Path dir;

  private LoopbackReleaseServer server;
  private SignedReleases releases;
  private OperatorRuntime runtime;

  @BeforeEach
  void start() {
    server = new LoopbackReleaseServer();
    releases = new SignedReleases(server);
    releases.publishList(4, "2026-05-15T00:00:00Z", "0.14.0 dev aarch64 CVE-2026-0001; upgrade to 0.14.1");
    runtime = new OperatorRuntime(settings(SignedReleases.writeTrustedRoot(dir)), client, Clock.systemUTC(), c -> List.of());
    runtime.start();
  }

  @AfterEach
  void stop() {
    runtime.close();
    server.close();
  }

  @Test
  void createdPolicyGetsReadyStatusWithItsRevocationList() {
    create("forge", releases.spec());

    awaitCondition("forge", "Ready", "True");
    TrustPolicy tp = get("forge");
    assertThat(tp.getStatus().observedGeneration).isEqualTo(tp.getMetadata().getGeneration());
    assertThat(tp.getStatus().revocations.sequence).isEqualTo(4L);
    assertThat(tp.getStatus().revocations.entries).isEqualTo(1);
    assertThat(condition(tp, "RevocationListCurrent").getReason()).isEqualTo("Verified");
    assertThat(tp.getStatus().revocationFloor.sequence).as("persisted floor").isEqualTo(4L);
    assertThat(tp.getStatus().revocationFloor.recalls).singleElement()
        .satisfies(r -> assertThat(r.reason).isEqualTo("CVE-2026-0001; upgrade to 0.14.1"));
    assertThat(tp.getSpec().revocations.refreshInterval).as("spec untouched").isEqualTo("1h");
  }

  @Test
  void editedPolicyIsReconciledAgainAndObservedGenerationFollows() {
    create("forge", releases.spec());
    awaitCondition("forge", "Ready", "True");
    long firstGeneration = get("forge").getMetadata().getGeneration();

    client.resources(TrustPolicy.class).withName("forge").edit(tp -> {
      tp.getSpec().images = List.of();
      return tp;
    });

    awaitCondition("forge", "Ready", "False");
    TrustPolicy tp = get("forge");
    assertThat(tp.getMetadata().getGeneration()).isGreaterThan(firstGeneration);
    assertThat(tp.getStatus().observedGeneration).isEqualTo(tp.getMetadata().getGeneration());
    assertThat(condition(tp, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(tp, "Ready").getMessage()).contains("spec.images");
  }

  @Test
  void deletedPolicyIsGoneWithoutWaitingForAFinalizer() {
    create("forge", releases.spec());
    awaitCondition("forge", "Ready", "True");
    assertThat(get("forge").getMetadata().getFinalizers()).isEmpty();

    client.resources(TrustPolicy.class).withName("forge").delete();

    Eventually.await("the policy is deleted", () -> client.resources(TrustPolicy.class).withName("forge").get() == null);
  }

  private OperatorSettings settings(Path trustedRoot) {
    return new OperatorSettings(Optional.empty(), "trustgate-system", false, "trustgate-operator",
        Optional.of(trustedRoot), false, "trustgate-system", true, false,
        new WebhookTlsSettings("trustgate-system", "trustgate-webhook-tls", "trustgate-webhook", "trustgate",
            Optional.empty(), Optional.empty(), Duration.ofHours(2160), Duration.ofHours(720)));
  }

  private void create(String name, TrustPolicySpec spec) {
    TrustPolicy tp = new TrustPolicy();
    tp.setMetadata(new ObjectMetaBuilder().withName(name).build());
    tp.setSpec(spec);
    client.resource(tp).create();
  }

  private TrustPolicy get(String name) {
    return client.resources(TrustPolicy.class).withName(name).get();
  }

  private void awaitCondition(String name, String type, String status) {
    Eventually.await(name + " has " + type + "=" + status, () -> {
      TrustPolicy tp = get(name);
      return tp != null && tp.getStatus() != null
          && tp.getMetadata().getGeneration().equals(tp.getStatus().observedGeneration)
          && tp.getStatus().conditions.stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
    }, () -> String.valueOf(get(name) == null ? null : client.getKubernetesSerialization().asJson(get(name).getStatus())));
  }

  private static Condition condition(TrustPolicy tp, String type) {
    return tp.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type));
  }
}
