package io.trustgate.webhook.policy;

import io.trustgate.kube.testing.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.api.v1alpha1.TrustRoot;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageOccurrence;
import io.trustgate.kube.trust.TrustRoots;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A policy whose trust root lives in a ConfigMap: not ready until the root is there, then enforced. */
@EnableKubernetesMockClient(crud = true)
class ConfigMapTrustRootRegistryIT {
  KubernetesClient client;
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final ReleaseWorld world = new ReleaseWorld();
  PolicyRegistry registry;
  TrustRoots roots;

  @AfterEach
  void tearDown() {
    registry.close();
    roots.close();
    executor.shutdownNow();
  }

  @Test
  void aPolicyWaitsForItsConfigMapRootThenEnforcesWithIt() {
    String recalled = ReleaseWorld.image("1.0.0", world.release("1.0.0", "x86_64"));
    world.publishList(3L, null, "1.0.0 dev x86_64 recalled for the test");
    TrustPolicySpec spec = ReleaseWorld.spec();
    spec.trustRoot = TrustRoot.configMap("trustgate-system", "sigstore-roots", null);
    TrustPolicy policy = new TrustPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("forge").build());
    policy.setSpec(spec);
    client.resource(policy).create();

    roots = TrustRoots.of(client, executor);
    registry = new PolicyRegistry(new InformerPolicySource(client, Duration.ofMillis(50)), roots, world.evidence,
        EscapeHatches.none(), world.clock, executor, Runnable::run);
    registry.start();
    Eventually.await("the missing root is reported", () -> registry.ready().reasons().contains(
        "policy forge: trust root configmap trustgate-system/sigstore-roots[trusted_root.json] is not available:"
            + " ConfigMap trustgate-system/sigstore-roots does not exist"), () -> registry.ready().reasons().toString());
    assertThat(world.evidence.fetchCount(ReleaseWorld.LIST_URL)).isZero();

    client.resource(new ConfigMapBuilder().withNewMetadata().withNamespace("trustgate-system")
        .withName("sigstore-roots").endMetadata()
        .addToData("trusted_root.json", new String(world.sigstore.trustedRootJson(), StandardCharsets.UTF_8))
        .build()).create();
    Eventually.await("the registry is ready", () -> registry.ready().ready(), () -> registry.ready().reasons().toString());
    var decision = registry.engine().decide(List.of(new ImageOccurrence("spec.containers[0].image", recalled)),
        world.clock.instant().plusSeconds(8));
    assertThat(decision.denials()).extracting(Finding::reason).containsExactly(Reason.RECALLED);
  }
}
