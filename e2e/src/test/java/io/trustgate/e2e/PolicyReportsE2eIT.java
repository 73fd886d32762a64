package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.Eventually;
import io.trustgate.e2e.support.Installation;
import io.trustgate.e2e.support.Releases;
import io.trustgate.e2e.support.Workloads;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recalls of running workloads as wgpolicyk8s.io PolicyReports (the CRD from
 * deploy/policyreports applied to the real API server), and {@code trustgate audit} run as a
 * user would against the same cluster.
 */
@ExtendWith(E2eExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(40)
class PolicyReportsE2eIT {
  static final String NS = "e2e-reports";
  static final String POLICY = "reports";
  static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(90);
  static final String REASON = "CVE-2026-4242: dev image 4.0.0 ships a world-writable nix store; upgrade to 4.0.1";
  static final ResourceDefinitionContext POLICY_REPORTS = new ResourceDefinitionContext.Builder()
      .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
      .withNamespaced(true).build();

  E2eCluster cluster;
  KubernetesClient admin;
  Releases releases;
  String recalled;

  @BeforeAll
  void installCrdsAndPolicy(E2eCluster cluster) throws IOException {
    this.cluster = cluster;
    admin = cluster.admin();
    cluster.namespace(NS);
    Path crds = cluster.settings().installYaml().getParent().resolve("policyreports/wgpolicyk8s.io-crds.yaml");
    try (FileInputStream in = new FileInputStream(crds.toFile())) {
      for (HasMetadata o : admin.load(in).items()) {
        admin.resource((CustomResourceDefinition) o).forceConflicts().serverSideApply();
        Installation.awaitEstablished(admin, o.getMetadata().getName());
      }
    }
    releases = new Releases(admin, POLICY);
    recalled = releases.release("4.0.0", "x86_64");
    releases.publishList(1, "2026-05-15T00:00:00Z");
    admin.resources(TrustPolicy.class).resource(releases.policy(POLICY)).create();
    cluster.awaitWebhookAnswering(releases, NS);
  }

  /** Marks a Pod Running through pods/status, as a kubelet would (there is none). */
  void markRunning(Pod pod) {
    pod.setStatus(new PodStatusBuilder().withPhase("Running").build());
    admin.pods().inNamespace(NS).resource(pod).updateStatus();
  }

  List<GenericKubernetesResource> reports() {
    return admin.genericKubernetesResources(POLICY_REPORTS).inNamespace(NS).list().getItems();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> results(GenericKubernetesResource report) {
    return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
  }

  @SuppressWarnings("unchecked")
  static String firstResource(Map<String, Object> result) {
    Map<String, Object> ref = ((List<Map<String, Object>>) result.get("resources")).get(0);
    return ref.get("kind") + "/" + ref.get("name");
  }

  @Test
  @Order(1)
  void recalledRunningWorkloadsAppearInAPolicyReport() {
    markRunning(admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "running", recalled)).create());
    admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
            .withTemplate(Workloads.template("web", recalled)).endSpec().build()).create();
    List<Pod> web = new ArrayList<>();
    Eventually.await("the Deployment's two Pods", EFFECT_TIMEOUT, () -> {
      web.clear();
      web.addAll(admin.pods().inNamespace(NS).withLabel("app", "web").list().getItems());
      return web.size() == 2;
    });
    web.forEach(this::markRunning);

    releases.publishList(2, "2026-06-03T00:00:00Z", "4.0.0 dev x86_64 " + REASON);
    GenericKubernetesResource[] report = new GenericKubernetesResource[1];
    Duration appeared = Eventually.await("PolicyReport trustgate-reports with 2 results", EFFECT_TIMEOUT, () -> {
      List<GenericKubernetesResource> all = reports();
      report[0] = all.isEmpty() ? null : all.get(0);
      return report[0] != null && results(report[0]) != null && results(report[0]).size() == 2;
    });

    assertThat(report[0].getMetadata().getName()).isEqualTo("trustgate-" + POLICY);
    assertThat(report[0].getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "trustgate");
    assertThat(report[0].getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("TrustPolicy"));
    assertThat(report[0].getAdditionalProperties().get("summary")).isEqualTo(
        Map.of("pass", 0, "fail", 2, "warn", 0, "error", 0, "skip", 0));
    List<Map<String, Object>> results = results(report[0]);
    assertThat(results).extracting(PolicyReportsE2eIT::firstResource)
        .containsExactlyInAnyOrder("Pod/running", "ReplicaSet/" + web.get(0).getMetadata().getOwnerReferences().get(0).getName());
    for (Map<String, Object> r : results) {
      assertThat(r).containsEntry("policy", POLICY).containsEntry("rule", "recall").containsEntry("result", "fail")
          .containsEntry("severity", "high").containsEntry("source", "trustgate").containsEntry("message", REASON);
      assertThat((Map<String, Object>) r.get("properties")).containsEntry("version", "4.0.0")
          .containsEntry("variant", "dev").containsEntry("arch", "x86_64").containsEntry("image", recalled);
    }
    E2eCluster.log("PolicyReport %s/%s with %d results %d ms after the recall was published; first: %s", NS,
        report[0].getMetadata().getName(), results.size(), appeared.toMillis(), results.get(0));

    String version = report[0].getMetadata().getResourceVersion();
    try {
      Thread.sleep(12_000); // two report intervals (5s) of an unchanged cluster
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(reports().get(0).getMetadata().getResourceVersion()).as("no rewrite when nothing changed")
        .isEqualTo(version);
  }

  @Test
  @Order(2)
  void auditPrintsTheRecallAsCheckDoes() throws Exception {
    Process audit = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m", "-XX:TieredStopAtLevel=1",
        "-jar", cluster.settings().cliJar().toString(),
        "audit", "--kubeconfig", cluster.controlPlane().adminKubeconfig().toString(), "-n", NS, "--offline"))
        .redirectOutput(cluster.workDir().resolve("audit.out").toFile())
        .redirectError(cluster.workDir().resolve("audit.err").toFile())
        .start();
    assertThat(audit.waitFor(120, TimeUnit.SECONDS)).as("audit exited").isTrue();
    String out = Files.readString(cluster.workDir().resolve("audit.out"), StandardCharsets.UTF_8);
    String err = Files.readString(cluster.workDir().resolve("audit.err"), StandardCharsets.UTF_8);
    E2eCluster.log("trustgate audit -n %s --offline exited %d:%n%s%s", NS, audit.exitValue(), out, err);

    assertThat(audit.exitValue()).as(err).isEqualTo(1);
    assertThat(out).contains("DENY   Pod/" + NS + "/running spec.containers[0].image " + recalled
        + ": recalled by policy " + POLICY + ": " + REASON);
    assertThat(out).containsOnlyOnce("DENY   Deployment/" + NS + "/web spec.template.spec.containers[0].image "
        + recalled + ": recalled by policy " + POLICY + ": " + REASON);
    assertThat(out).doesNotContain("ReplicaSet/");
  }

  @Test
  @Order(3)
  void fixedWorkloadsLeaveTheReport() {
    admin.apps().deployments().inNamespace(NS).withName("web").delete();
    Duration gone = Eventually.await("the report to list only Pod/running", EFFECT_TIMEOUT, () -> {
      List<GenericKubernetesResource> all = reports();
      return all.size() == 1 && results(all.get(0)).size() == 1
          && "Pod/running".equals(firstResource(results(all.get(0)).get(0)));
    });
    admin.pods().inNamespace(NS).withName("running").delete();
    Duration deleted = Eventually.await("the report to be deleted", EFFECT_TIMEOUT, () -> reports().isEmpty());
    E2eCluster.log("PolicyReport followed the fixes: Deployment deleted → result gone in %d ms; last Pod deleted →"
        + " report deleted in %d ms", gone.toMillis(), deleted.toMillis());
  }
}
