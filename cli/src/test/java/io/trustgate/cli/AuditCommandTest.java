package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustgate audit} against fabric8's mock API server: the cluster's policy, running Pods
 * attributed to their Deployment (replicas judged once), templates of idle workloads, the
 * report and exit codes of {@code check}.
 */
@EnableKubernetesMockClient(crud = true)
class AuditCommandTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final String RECALLED = "ghcr.io/acme-labs/forge-dev:v0.13.0@sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a";
  static final String CURRENT = "ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:ffcdcbe3d636c7fae9af8f71652fe4f0ad574c2eb7c804c2c6da77ef477187fa";

  KubernetesClient client;
  @TempDir Path dir;

  CliRun audit(String... extra) throws Exception {
    String[] base = {"audit", "--kubeconfig", kubeconfig().toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(), "--mirror", EXAMPLES.resolve("mirror").toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  Path kubeconfig() throws Exception {
    io.fabric8.kubernetes.api.model.Config kc = new io.fabric8.kubernetes.api.model.ConfigBuilder()
        .addNewCluster().withName("mock").withNewCluster().withServer(client.getMasterUrl().toString())
            .withInsecureSkipTlsVerify(true).endCluster().endCluster()
        .addNewUser().withName("admin").withNewUser().withToken("t").endUser().endUser()
        .addNewContext().withName("mock").withNewContext().withCluster("mock").withUser("admin").endContext().endContext()
        .withCurrentContext("mock")
        .build();
    return Files.writeString(dir.resolve("kubeconfig"), client.getKubernetesSerialization().asYaml(kc));
  }

  void examplePolicy() throws Exception {
    TrustPolicy p = client.getKubernetesSerialization().unmarshal(Files.readString(EXAMPLES.resolve("policy.yaml")),
        TrustPolicy.class);
    client.resources(TrustPolicy.class).resource(p).create();
  }

  static PodSpec spec(String image) {
    return new PodSpecBuilder().addNewContainer().withName("forge").withImage(image).endContainer().build();
  }

  /** Deployment dev/legacy → ReplicaSet legacy-7c9 → two running Pods, as the controllers make them. */
  void deploymentWithTwoRunningPods(String image) {
    Deployment d = client.apps().deployments().inNamespace("dev").resource(new DeploymentBuilder()
        .withNewMetadata().withName("legacy").withNamespace("dev").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "legacy")).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "legacy")).endMetadata()
            .withSpec(spec(image)).endTemplate().endSpec().build()).create();
    ReplicaSet rs = client.apps().replicaSets().inNamespace("dev").resource(new ReplicaSetBuilder()
        .withNewMetadata().withName("legacy-7c9").withNamespace("dev")
            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName("legacy").withUid(d.getMetadata().getUid()).withController(true).build()).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "legacy")).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "legacy")).endMetadata()
            .withSpec(spec(image)).endTemplate().endSpec().build()).create();
    for (String name : new String[] {"legacy-7c9-a", "legacy-7c9-b"}) {
      client.pods().inNamespace("dev").resource(new PodBuilder()
          .withNewMetadata().withName(name).withNamespace("dev")
              .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                  .withName("legacy-7c9").withUid(rs.getMetadata().getUid()).withController(true).build()).endMetadata()
          .withSpec(spec(image)).withNewStatus().withPhase("Running").endStatus().build()).create();
    }
  }

  Pod barePod(String ns, String name, String image, String phase) {
    return client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .endMetadata().withSpec(spec(image)).withNewStatus().withPhase(phase).endStatus().build()).create();
  }

  @Test
  void recalledDeploymentIsDeniedOnceWithTheVerbatimReasonAndTheTemplatePath() throws Exception {
    examplePolicy();
    deploymentWithTwoRunningPods(RECALLED);
    barePod("tools", "debug", CURRENT, "Running");
    barePod("tools", "done", RECALLED, "Succeeded");

    CliRun run = audit();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.REJECTED);
    assertThat(run.out()).containsOnlyOnce("Deployment/dev/legacy");
    assertThat(run.out()).contains("DENY   Deployment/dev/legacy spec.template.spec.containers[0].image " + RECALLED
        + ": recalled by policy forge: CVE-2026-0001");
    assertThat(run.out()).contains("ALLOW  Pod/tools/debug spec.containers[0].image " + CURRENT);
    assertThat(run.out()).as("terminated Pods are not running").doesNotContain("tools/done")
        .doesNotContain("ReplicaSet/").doesNotContain("legacy-7c9");
  }

  @Test
  void namespaceLimitsTheAuditAndJsonIsCheckJson() throws Exception {
    examplePolicy();
    deploymentWithTwoRunningPods(RECALLED);
    barePod("tools", "debug", CURRENT, "Running");

    CliRun run = audit("-n", "tools", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.OK);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.toString()).contains("\"debug\"").doesNotContain("legacy");
  }

  @Test
  void idleWorkloadsAreJudgedByTheirTemplate() throws Exception {
    examplePolicy();
    client.apps().deployments().inNamespace("dev").resource(new DeploymentBuilder()
        .withNewMetadata().withName("scaled-down").withNamespace("dev").endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(Map.of("app", "x")).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "x")).endMetadata()
            .withSpec(spec(RECALLED)).endTemplate().endSpec().build()).create();

    CliRun run = audit();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.REJECTED);
    assertThat(run.out()).contains("DENY   Deployment/dev/scaled-down spec.template.spec.containers[0].image");
  }

  @Test
  void aClusterWithoutTrustPoliciesIsAUsageError() throws Exception {
    barePod("tools", "debug", CURRENT, "Running");

    CliRun run = audit();

    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("no usable TrustPolicy in the cluster");
  }

  @Test
  void noClusterIsAUsageErrorNamingWhatIsMissing() throws Exception {
    CliRun run = CliRun.of("audit", "--kubeconfig", dir.resolve("missing").toString());

    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("error: ").contains("missing").doesNotContain("Exception");
  }
}
