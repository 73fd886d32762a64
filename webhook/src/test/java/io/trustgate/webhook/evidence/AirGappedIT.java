package io.trustgate.webhook.evidence;

import io.trustgate.core.evidence.EvidenceChain;
import io.trustgate.kube.evidence.ConfigMapMirror;
import io.trustgate.kube.evidence.ConfigMapMirrorIT;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import io.trustgate.core.workload.ImageOccurrence;
import io.trustgate.webhook.policy.DirectoryPolicySource;
import io.trustgate.kube.testing.Eventually;
import io.trustgate.webhook.policy.PolicyRegistry;
import io.trustgate.kube.trust.TrustRoots;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The air-gapped path end to end: the example release set imported with `trustgate import`,
 * served from mirror ConfigMaps only, judged under the example policy and trusted root.
 */
@EnableKubernetesMockClient(crud = true)
class AirGappedIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final String RECALL =
      "CVE-2026-0001: nix daemon in the dev image accepts unauthenticated builds; upgrade to 0.14.1";

  KubernetesClient client;
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
  ConfigMapMirror mirror;
  PolicyRegistry registry;

  @AfterEach
  void tearDown() {
    registry.close();
    mirror.close();
    executor.shutdownNow();
  }

  Decision decide(String image) {
    return registry.engine().decide(List.of(new ImageOccurrence("spec.containers[0].image", image)),
        clock.instant().plusSeconds(8));
  }

  @Test
  void judgesTheExampleReleasesFromImportedConfigMapsAlone() throws Exception {
    for (HasMetadata cm : ConfigMapMirrorIT.imported(client)) {
      client.resource(cm).create();
    }
    mirror = new ConfigMapMirror(client);
    mirror.start();
    // As the webhook does: the mirror is listed before lists are refreshed from it.
    Eventually.await("the mirror synced", mirror::synced);
    registry = new PolicyRegistry(new DirectoryPolicySource(EXAMPLES.resolve("policy.yaml")),
        TrustRoots.override(EXAMPLES.resolve("trusted_root.json")), new EvidenceChain(mirror),
        EscapeHatches.none(), clock, executor, Runnable::run);
    registry.start();
    Eventually.await("the registry is ready", () -> registry.ready().ready(), () -> registry.ready().reasons().toString());

    Decision current = decide("ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:"
        + "ffcdcbe3d636c7fae9af8f71652fe4f0ad574c2eb7c804c2c6da77ef477187fa");
    assertThat(current.allowed()).as(current.findings().toString()).isTrue();
    assertThat(current.images().get(0).governed()).isTrue();

    Decision recalled = decide("ghcr.io/acme-labs/forge-dev:v0.13.0@sha256:"
        + "dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a");
    assertThat(recalled.denials()).extracting(Finding::reason).containsExactly(Reason.RECALLED);
    assertThat(recalled.denials().get(0).message()).contains(RECALL);
  }
}
