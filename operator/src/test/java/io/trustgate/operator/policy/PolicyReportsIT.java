package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.operator.reports.PolicyReportCrd;
import io.trustgate.operator.reports.PolicyReportResult;
import io.trustgate.operator.reports.PolicyReportSettings;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recall scan's PolicyReports against the mock API server: written when the CRD is
 * installed (auto), one result per workload with the verbatim reason, unchanged when nothing
 * changed, removed when the Pod goes away, never written without the CRD or with {@code off}.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyReportsIT {
  private static final String RECALL_REASON = "CVE-2026-0001 in nix daemon; upgrade to 1.2.0";
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Path CRDS = Path.of("..", "deploy", "policyreports", "wgpolicyk8s.io-crds.yaml");

  KubernetesClient client;
  @TempDir Path dir;
  private ReconciliationFixture fixture;

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  void start(PolicyReportSettings.Mode mode, boolean crdInstalled) throws Exception {
    if (crdInstalled) {
      try (FileInputStream in = new FileInputStream(CRDS.toFile())) {
        client.load(in).items().forEach(o -> client.resource((CustomResourceDefinition) o).create());
      }
    }
    fixture = new ReconciliationFixture(client, dir, new PolicyReportSettings(mode, INTERVAL));
  }

  List<GenericKubernetesResource> reports() {
    return client.genericKubernetesResources(PolicyReportCrd.CONTEXT).inAnyNamespace()
        .list().getItems();
  }

  List<PolicyReportResult> results(GenericKubernetesResource report) {
    return List.of(client.getKubernetesSerialization().convertValue(report.getAdditionalProperties().get("results"),
        PolicyReportResult[].class));
  }

  /** A recalled release running in apps/forge-1 (bare Pod) and in two Pods of ReplicaSet web-abc. */
  String recallRunning() {
    String digest = fixture.releases.release("1.1.0", "x86_64");
    String image = ReleaseWorld.image("1.1.0", digest);
    fixture.runningPod("apps", "forge-1", image);
    for (String name : new String[] {"web-abc-1", "web-abc-2"}) {
      Pod pod = new PodBuilder(fixture.runningPod("apps", name, image)).editMetadata()
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
              .withName("web-abc").withUid("rs-uid").withController(true).build())
          .endMetadata().build();
      client.pods().resource(pod).update();
    }
    fixture.runningPod("apps", "other", "docker.io/library/nginx:1.27");
    fixture.releases.publishList(2, null, "1.1.0 dev x86_64 " + RECALL_REASON);
    return image;
  }

  @Test
  void recalledWorkloadsGetOneFailResultEachWithTheVerbatimReason() throws Exception {
    start(PolicyReportSettings.Mode.AUTO, true);
    String image = recallRunning();

    fixture.reconcile();

    assertThat(reports()).singleElement().satisfies(report -> {
      assertThat(report.getMetadata().getName()).isEqualTo("trustgate-forge");
      assertThat(report.getMetadata().getNamespace()).isEqualTo("apps");
      assertThat(report.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "trustgate")
          .containsEntry("trustgate.io/policy", "forge");
      assertThat(report.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getKind()).isEqualTo("TrustPolicy");
        assertThat(o.getUid()).isEqualTo(fixture.policy.getMetadata().getUid());
      });
      assertThat(report.getAdditionalProperties().get("summary")).isEqualTo(
          Map.of("pass", 0, "fail", 2, "warn", 0, "error", 0, "skip", 0));
      List<PolicyReportResult> results = results(report);
      assertThat(results).extracting(r -> r.resources().get(0).getKind() + "/" + r.resources().get(0).getName())
          .containsExactly("Pod/forge-1", "ReplicaSet/web-abc");
      for (PolicyReportResult r : results) {
        assertThat(r.policy()).isEqualTo("forge");
        assertThat(r.rule()).isEqualTo("recall");
        assertThat(r.severity()).isEqualTo("high");
        assertThat(r.result()).isEqualTo("fail");
        assertThat(r.source()).isEqualTo("trustgate");
        assertThat(r.message()).isEqualTo(RECALL_REASON);
        assertThat(r.properties()).containsEntry("version", "1.1.0").containsEntry("variant", "dev")
            .containsEntry("arch", "x86_64").containsEntry("image", image)
            .containsEntry("container", "spec.containers[0].image").containsEntry("reason", "RECALLED");
        assertThat(r.timestamp().seconds()).isEqualTo(ReleaseWorld.NOW.getEpochSecond());
      }
      assertThat(results.get(1).resources()).extracting(ObjectReference::getName)
          .containsExactly("web-abc", "web-abc-1", "web-abc-2");
      assertThat(results.get(1).properties()).containsEntry("pods", "2");
    });
    assertThat(fixture.events("apps", "ReleaseRecalled")).as("Events as before").hasSize(3);
  }

  @Test
  void anUnchangedClusterCausesNoWriteAndAGonePodRemovesItsResult() throws Exception {
    start(PolicyReportSettings.Mode.AUTO, true);
    recallRunning();
    fixture.reconcile();
    GenericKubernetesResource first = reports().get(0);

    fixture.clock.advance(INTERVAL);
    PolicyReconciliation.Result again = fixture.reconcile();
    assertThat(again.requeueAfter()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(INTERVAL));
    assertThat(reports().get(0).getMetadata().getResourceVersion()).as("no churn")
        .isEqualTo(first.getMetadata().getResourceVersion());

    client.pods().inNamespace("apps").withName("forge-1").delete();
    fixture.clock.advance(INTERVAL);
    fixture.reconcile();
    assertThat(results(reports().get(0))).extracting(r -> r.resources().get(0).getName()).containsExactly("web-abc");
    assertThat(results(reports().get(0)).get(0).timestamp().seconds()).as("first seen, kept")
        .isEqualTo(ReleaseWorld.NOW.getEpochSecond());

    client.pods().inNamespace("apps").delete();
    fixture.clock.advance(INTERVAL);
    fixture.reconcile();
    assertThat(reports()).as("no result left in apps: report deleted").isEmpty();
  }

  @Test
  void aFixedWorkloadDropsOutOfTheReport() throws Exception {
    start(PolicyReportSettings.Mode.ON, true);
    recallRunning();
    fixture.reconcile();
    String fixed = ReleaseWorld.image("1.2.0", fixture.releases.release("1.2.0", "x86_64"));
    client.pods().inNamespace("apps").withName("forge-1").delete();
    fixture.runningPod("apps", "forge-1", fixed);

    fixture.clock.advance(INTERVAL);
    fixture.reconcile();

    assertThat(results(reports().get(0))).extracting(r -> r.resources().get(0).getName()).containsExactly("web-abc");
  }

  @Test
  void withoutTheCrdAutoWritesNoReportButStillWarns() throws Exception {
    start(PolicyReportSettings.Mode.AUTO, false);
    recallRunning();

    fixture.reconcile();

    assertThat(reports()).isEmpty();
    assertThat(fixture.events("apps", "ReleaseRecalled")).hasSize(3);
    assertThat(fixture.policy.getStatus().recalledWorkloads).isEqualTo(3);
  }

  @Test
  void offWritesNoReportEvenWithTheCrd() throws Exception {
    start(PolicyReportSettings.Mode.OFF, true);
    recallRunning();

    fixture.reconcile();

    assertThat(reports()).isEmpty();
    assertThat(fixture.events("apps", "ReleaseRecalled")).hasSize(3);
  }
}
