package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.core.testing.ReleaseWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retroactive recall scan: when an accepted list recalls a release, running Pods that run it
 * get a ReleaseRecalled Warning Event with the verbatim reason, once, and are counted in status.
 */
@EnableKubernetesMockClient(crud = true)
class RetroactiveRecallIT {
  private static final String RECALL_REASON = "CVE-2026-0001 in nix daemon; upgrade to 1.2.0";

  KubernetesClient client;
  @TempDir Path dir;

  private ReconciliationFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ReconciliationFixture(client, dir);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void newRecallWarnsOnTheRunningPodWithTheVerbatimReason() {
    String digest = fixture.releases.release("1.1.0", "x86_64");
    Pod pod = fixture.runningPod("apps", "forge-1", ReleaseWorld.image("1.1.0", digest));
    fixture.runningPod("apps", "other", "docker.io/library/nginx:1.27");
    fixture.releases.publishList(1, null);
    fixture.reconcile();
    assertThat(fixture.policy.getStatus().recalledWorkloads).isZero();

    fixture.releases.publishList(2, null, "1.1.0 dev x86_64 " + RECALL_REASON);
    fixture.clock.advance(Duration.ofHours(1));
    fixture.reconcile();

    assertThat(fixture.policy.getStatus().recalledWorkloads).isEqualTo(1);
    List<Event> recalled = fixture.events("apps", "ReleaseRecalled");
    assertThat(recalled).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("forge-1");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
      assertThat(e.getMessage()).contains(RECALL_REASON);
    });

    fixture.clock.advance(Duration.ofHours(1));
    fixture.reconcile();
    assertThat(fixture.events("apps", "ReleaseRecalled")).as("same pod, same list: no second event").hasSize(1);
    assertThat(fixture.policy.getStatus().recalledWorkloads).isEqualTo(1);
  }

  @Test
  void recallOfAReleaseAlreadyPastNotAfterStillWarnsTheRunningPod() {
    String digest = fixture.releases.release("1.1.0", "x86_64");
    fixture.runningPod("apps", "forge-old", ReleaseWorld.image("1.1.0", digest));
    fixture.releases.publishList(1, null);
    fixture.reconcile();

    fixture.releases.publishList(2, null, "1.1.0 dev x86_64 " + RECALL_REASON);
    fixture.clock.advance(Duration.ofDays(400)); // past the manifest's not_after: expired and recalled
    fixture.reconcile();

    assertThat(fixture.policy.getStatus().recalledWorkloads).isEqualTo(1);
    assertThat(fixture.events("apps", "ReleaseRecalled")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(RECALL_REASON));
  }

  @Test
  void podsThatAreNotRunningAreNotCounted() {
    String digest = fixture.releases.release("1.1.0", "x86_64");
    Pod pending = new PodBuilder(fixture.runningPod("apps", "forge-pending", ReleaseWorld.image("1.1.0", digest)))
        .editStatus().withPhase("Pending").endStatus().build();
    fixture.client.pods().resource(pending).updateStatus();
    fixture.releases.publishList(2, null, "1.1.0 dev x86_64 " + RECALL_REASON);

    fixture.reconcile();

    assertThat(fixture.policy.getStatus().recalledWorkloads).isZero();
    assertThat(fixture.events("apps", "ReleaseRecalled")).isEmpty();
  }
}
