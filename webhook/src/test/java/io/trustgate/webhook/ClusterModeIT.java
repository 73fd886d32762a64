package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.workload.WorkloadDocuments;
import io.trustgate.webhook.testing.WebhookHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode: the real webhook started with a kubeconfig (as `--kubeconfig` does) against an
 * API server, picking up TrustPolicies as they are created, edited and deleted.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterModeIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  KubernetesClient client;
  @TempDir Path dir;

  @Test
  void followsTrustPoliciesAddedChangedAndDeletedWhileRunning() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
        - name: mock
          context: {cluster: mock, user: tester}
        current-context: mock
        users:
        - name: tester
          user: {token: test}
        """.formatted(client.getConfiguration().getMasterUrl()));
    JsonNode legacy = null;
    for (JsonNode doc : WorkloadDocuments.readYaml(EXAMPLES.resolve("workloads.yaml"))) {
      if (doc.at("/metadata/name").asText().equals("forge-legacy")) {
        legacy = doc;
      }
    }
    try (WebhookHarness webhook = new WebhookHarness(dir, Optional.empty(), Optional.of(kubeconfig),
        Optional.of(EXAMPLES.resolve("trusted_root.json")), Optional.of(EXAMPLES.resolve("mirror")), true,
        Duration.ofSeconds(8), EscapeHatches.none())) {
      webhook.awaitReady(Duration.ofSeconds(30));
      JsonNode pod = legacy;
      assertThat(webhook.review(pod).at("/response/allowed").asBoolean()).as("no policy yet").isTrue();

      TrustPolicy policy = Serialization.unmarshal(Files.newInputStream(EXAMPLES.resolve("policy.yaml")), TrustPolicy.class);
      client.resources(TrustPolicy.class).resource(policy).create();
      eventually(webhook, pod, r -> !r.path("allowed").asBoolean()
          && r.at("/status/message").asText().contains("recalled by policy forge"));

      TrustPolicy warn = client.resources(TrustPolicy.class).withName("forge").get();
      warn.getSpec().mode = PolicyMode.Warn;
      client.resources(TrustPolicy.class).resource(warn).update();
      eventually(webhook, pod, r -> r.path("allowed").asBoolean() && r.path("warnings").toString().contains("recalled"));

      client.resources(TrustPolicy.class).withName("forge").delete();
      eventually(webhook, pod, r -> r.path("allowed").asBoolean() && r.path("warnings").isMissingNode());
    }
  }

  private static void eventually(WebhookHarness webhook, JsonNode pod, Predicate<JsonNode> condition) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < until) {
      last = webhook.review(pod).path("response");
      if (condition.test(last)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("condition not met; last response: " + last);
  }
}
