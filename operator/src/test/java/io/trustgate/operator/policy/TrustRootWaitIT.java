package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustRoot;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.MutableClock;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.kube.trust.TrustRoots;
import io.trustgate.operator.testing.LoopbackReleaseServer;
import io.trustgate.operator.testing.SignedReleases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy whose ConfigMap trust root is not loaded yet (the operator just started, or the
 * ConfigMap comes later) is waiting, not rejecting its revocation list.
 */
@EnableKubernetesMockClient(crud = true)
class TrustRootWaitIT {
  KubernetesClient client;
  @TempDir Path dir;

  private LoopbackReleaseServer server;
  private ScheduledExecutorService executor;
  private TrustRoots roots;
  private PolicyReconciliation reconciliation;
  private TrustPolicy policy;

  @BeforeEach
  void setUp() {
    server = new LoopbackReleaseServer();
    SignedReleases releases = new SignedReleases(server);
    releases.publishList(1, "2026-05-15T00:00:00Z");
    executor = Executors.newSingleThreadScheduledExecutor();
    roots = TrustRoots.of(client, executor);
    MutableClock clock = new MutableClock(ReleaseWorld.NOW);
    HttpEvidenceSource http = new HttpEvidenceSource(HttpEvidenceConfig.defaults());
    reconciliation = new PolicyReconciliation(client, http, PolicyRuntime.manifestCache(http, Runnable::run, clock),
        roots, clock, false);
    policy = new TrustPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("forge").withUid(UUID.randomUUID().toString()).withGeneration(1L).build());
    policy.setSpec(releases.spec());
    policy.getSpec().trustRoot = TrustRoot.configMap("trustgate-system", "trusted-root", "trusted_root.json");
  }

  @AfterEach
  void tearDown() {
    server.close();
    roots.close();
    executor.shutdownNow();
  }

  @Test
  void revocationListWaitsForTheTrustRootWithoutARejection() throws Exception {
    reconcile();

    Condition current = condition(Conditions.REVOCATION_LIST_CURRENT);
    assertThat(current.getReason()).isEqualTo("WaitingForTrustRoot");
    assertThat(current.getMessage()).startsWith("waiting for the trust root");
    assertThat(events("RevocationListRejected")).isEmpty();
    assertThat(events("WaitingForTrustRoot")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getMessage()).startsWith("waiting for the trust root");
    });

    reconcile();
    assertThat(events("WaitingForTrustRoot")).as("once per wait").hasSize(1);

    String json = Files.readString(SignedReleases.writeTrustedRoot(dir));
    client.configMaps().inNamespace("trustgate-system").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("trusted-root").withNamespace("trustgate-system").endMetadata()
        .withData(Map.of("trusted_root.json", json)).build()).create();
    var ref = PolicyCompiler.compile("forge", policy.getSpec()).policy().orElseThrow().trustRoot();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (roots.problem(ref).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    reconcile();
    assertThat(condition(Conditions.REVOCATION_LIST_CURRENT).getReason()).isEqualTo("Verified");
    assertThat(events("RevocationListUpdated")).hasSize(1);
    assertThat(events("RevocationListRejected")).isEmpty();
  }

  private void reconcile() {
    policy.setStatus(reconciliation.reconcile(policy).status());
  }

  private Condition condition(String type) {
    return Conditions.find(policy.getStatus().conditions, type).orElseThrow();
  }

  private List<Event> events(String reason) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }
}
