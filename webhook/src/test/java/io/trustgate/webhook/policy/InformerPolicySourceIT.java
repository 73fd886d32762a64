package io.trustgate.webhook.policy;

import io.trustgate.kube.testing.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageOccurrence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TrustPolicies from a (mock) cluster drive the registry: add, edit, delete, invalid. */
@EnableKubernetesMockClient(crud = true)
class InformerPolicySourceIT {
  static final String RECALL = "CVE-2026-0001 in nix daemon; upgrade to 1.0.1";

  KubernetesClient client;
  ReleaseWorld world;
  CountDownLatch listReleased;
  InformerPolicySource source;
  ScheduledExecutorService refreshes;
  PolicyRegistry registry;
  String recalled;
  String current;

  @BeforeEach
  void setUp() {
    world = new ReleaseWorld();
    recalled = ReleaseWorld.image("1.0.0", world.release("1.0.0", "x86_64"));
    current = ReleaseWorld.image("1.0.1", world.release("1.0.1", "x86_64"));
    world.publishList(7L, "2026-05-15T00:00:00Z", "1.0.0 dev x86_64 " + RECALL);
    listReleased = new CountDownLatch(0);
    EvidenceSource gated = url -> {
      if (url.equals(ReleaseWorld.LIST_URL)) {
        await(listReleased);
      }
      return world.evidence.fetch(url);
    };
    source = new InformerPolicySource(client, Duration.ofMillis(50));
    refreshes = Executors.newSingleThreadScheduledExecutor();
    registry = new PolicyRegistry(source, VerifierProvider.fixed(world.verifier), gated, EscapeHatches.none(),
        world.clock, refreshes, Runnable::run);
  }

  @AfterEach
  void tearDown() {
    listReleased.countDown();
    registry.close();
    refreshes.shutdownNow();
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void create(String name, TrustPolicySpec spec) {
    TrustPolicy p = new TrustPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).build());
    p.setSpec(spec);
    client.resource(p).create();
  }

  Decision decide(String image) {
    return registry.engine().decide(List.of(new ImageOccurrence("spec.containers[0].image", image)),
        world.clock.instant().plus(Duration.ofSeconds(8)));
  }

  void awaitReady() {
    Eventually.await("the registry is ready", () -> registry.ready().ready(), () -> registry.ready().reasons().toString());
  }

  @Test
  void anEmptyClusterSyncsAndIsReady() {
    registry.start();
    Eventually.await("the source synced", source::synced);
    assertThat(registry.ready()).isEqualTo(new ReadinessReport(true, List.of()));
    assertThat(registry.policyCount()).isZero();
    assertThat(decide(recalled).allowed()).isTrue();
  }

  @Test
  void policiesPresentAtStartAreDeliveredWithTheFirstSync() {
    create("forge", ReleaseWorld.spec());
    registry.start();
    Eventually.await("the source synced", source::synced);
    assertThat(registry.policyCount()).isEqualTo(1);
  }

  @Test
  void anAddedPolicyGovernsItsImagesAndIsReadyOnlyOnceItsListLoaded() {
    listReleased = new CountDownLatch(1);
    registry.start();
    Eventually.await("the source synced", source::synced);
    create("forge", ReleaseWorld.spec());
    Eventually.await("the policy arrived", () -> registry.policyCount() == 1);
    assertThat(registry.ready().ready()).isFalse();
    assertThat(registry.ready().reasons())
        .containsExactly("policy forge: revocation list " + ReleaseWorld.LIST_URL + " is not loaded yet");

    listReleased.countDown();
    awaitReady();
    assertThat(decide(recalled).denials()).extracting(Finding::reason).containsExactly(Reason.RECALLED);
    assertThat(decide(current).allowed()).isTrue();
  }

  @Test
  void anEditedPolicyIsRecompiled() {
    create("forge", ReleaseWorld.spec());
    registry.start();
    awaitReady();
    assertThat(decide(recalled).allowed()).isFalse();

    client.resources(TrustPolicy.class).withName("forge").edit(p -> {
      p.getSpec().mode = PolicyMode.Warn;
      return p;
    });
    Eventually.await("the recall became a warning", () -> decide(recalled).allowed());
    assertThat(decide(recalled).warnings()).extracting(Finding::reason).contains(Reason.RECALLED);
  }

  @Test
  void aDeletedPolicyNoLongerGoverns() {
    create("forge", ReleaseWorld.spec());
    registry.start();
    awaitReady();
    client.resources(TrustPolicy.class).withName("forge").delete();
    Eventually.await("the image is ungoverned", () -> !decide(recalled).images().get(0).governed());
    assertThat(decide(recalled).allowed()).isTrue();
    assertThat(registry.holders()).isEmpty();
  }

  @Test
  void anInvalidPolicyDeniesWhatItNames() {
    TrustPolicySpec broken = new TrustPolicySpec();
    broken.images = List.of(new ImageSelector(ReleaseWorld.IMAGE + "*", "dev"));
    registry.start();
    create("forge", broken);
    Eventually.await("the broken policy arrived", () -> registry.brokenPolicyCount() == 1);
    Decision d = decide(current);
    assertThat(d.denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.POLICY_INVALID);
      assertThat(f.message()).contains("policy forge").contains("spec.manifests: is required");
    });
  }

  @Test
  void aBurstOfPoliciesEndsInOneConsistentSet() {
    registry.start();
    Eventually.await("the source synced", source::synced);
    for (int i = 0; i < 5; i++) {
      TrustPolicySpec spec = ReleaseWorld.spec();
      spec.images = List.of(new ImageSelector("ghcr.io/acme-labs/app-" + i + "*", "dev"));
      create("app-" + i, spec);
    }
    Eventually.await("all five arrived", () -> registry.policyCount() == 5);
    awaitReady();
  }

  @Test
  void aListThatFailsToFetchLeavesTheWebhookReadyAndDeniesOnlyItsImages() {
    world.evidence.fail(ReleaseWorld.LIST_URL, "HTTP status 503");
    create("forge", ReleaseWorld.spec());
    registry.start();
    Eventually.await("the refresh failed", () -> registry.holders().containsKey("forge")
        && registry.holders().get("forge").state().lastError() != null);
    assertThat(registry.ready().ready()).isTrue();
    assertThat(registry.ready().degraded()).singleElement().asString()
        .contains("1 of 1 revocation list(s) could not be loaded");
    assertThat(decide(current).denials()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("no revocation list loaded yet", "HTTP status 503"));
    assertThat(registry.revocationStatus()).singleElement()
        .satisfies(s -> assertThat(s.lastError()).contains("HTTP status 503"));
    // A fetch failure is not a 404: the list is not treated as "none published".
    assertThat(world.evidence.fetch(ReleaseWorld.LIST_URL)).isInstanceOf(FetchResult.Failed.class);
  }
}
