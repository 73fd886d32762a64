package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.e2e.support.Admission;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.Eventually;
import io.trustgate.e2e.support.Releases;
import io.trustgate.e2e.support.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Policies and revocation lists changing under a running cluster, and what users read back. */
@ExtendWith(E2eExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(30)
class TrustPolicyLifecycleE2eIT {
  static final String NS = "e2e-lifecycle";
  static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(60);
  static final String NEW_REASON = "CVE-2026-7777: dev image ships a debug agent listening on 0.0.0.0; upgrade to 3.0.1";

  KubernetesClient admin;
  Releases releases;
  String signed;

  @BeforeAll
  void publishReleases(E2eCluster cluster) {
    admin = cluster.admin();
    cluster.namespace(NS);
    releases = new Releases(admin, "lifecycle");
    signed = releases.release("3.0.0", "x86_64");
    releases.publishList(1, "2026-05-15T00:00:00Z");
  }

  /** True when a dry-run Pod with {@code image} is admitted, false when trustgate denies it. */
  boolean admitted(String image) {
    try {
      admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "probe", image)).dryRun().create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getStatus() == null || !e.getStatus().getMessage().contains("trustgate denied")) {
        throw e;
      }
      return false;
    }
  }

  @Test
  @Order(1)
  void policyCreateUpdateAndDeleteChangeDecisions() {
    String unpinned = releases.image() + ":v3.0.0";
    assertThat(admitted(unpinned)).as("ungoverned before any policy").isTrue();

    admin.resources(TrustPolicy.class).resource(releases.policy("lifecycle")).create();
    Duration created = Eventually.await("the new policy to deny", EFFECT_TIMEOUT, () -> !admitted(unpinned));

    admin.resources(TrustPolicy.class).withName("lifecycle").edit(p -> { p.getSpec().mode = PolicyMode.Warn; return p; });
    Duration updated = Eventually.await("mode Warn to admit", EFFECT_TIMEOUT, () -> admitted(unpinned));

    admin.resources(TrustPolicy.class).withName("lifecycle").edit(p -> { p.getSpec().mode = PolicyMode.Enforce; return p; });
    Eventually.await("mode Enforce to deny again", EFFECT_TIMEOUT, () -> !admitted(unpinned));

    admin.resources(TrustPolicy.class).withName("lifecycle").delete();
    Duration deleted = Eventually.await("the deleted policy to stop denying", EFFECT_TIMEOUT, () -> admitted(unpinned));
    E2eCluster.log("time to effect: policy create %d ms, update (Enforce -> Warn) %d ms, delete %d ms",
        created.toMillis(), updated.toMillis(), deleted.toMillis());

    admin.resources(TrustPolicy.class).resource(releases.policy("lifecycle")).create();
    Eventually.await("the policy to deny again", EFFECT_TIMEOUT, () -> !admitted(unpinned));
  }

  @Test
  @Order(2)
  void invalidPolicyIsRefusedByTheTrustPolicyWebhook() {
    TrustPolicy bad = releases.policy("lifecycle-bad");
    bad.getSpec().manifests.signer.identityRegex = "(unclosed";
    Admission a = Admission.refused("invalid TrustPolicy", () -> admin.resources(TrustPolicy.class).resource(bad).create());
    assertThat(a.code()).isEqualTo(422);
    assertThat(a.reason()).isEqualTo("Invalid");
    assertThat(a.message()).startsWith("admission webhook \"trustpolicies.trustgate.io\" denied the request: ");
    assertThat(a.kubectl()).startsWith("The request is invalid: spec.manifests.signer.identityRegex: ");
    assertThat(admin.resources(TrustPolicy.class).withName("lifecycle-bad").get()).isNull();
  }

  @Test
  @Order(3)
  void printerColumnsComeInTheDocumentedOrder() throws Exception {
    HttpRequest request = admin.getHttpClient().newHttpRequestBuilder()
        .uri(admin.getMasterUrl().toString().replaceAll("/$", "") + "/apis/trustgate.io/v1alpha1/trustpolicies")
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
        .build();
    HttpResponse<String> response = admin.getHttpClient().sendAsync(request, String.class).get();
    assertThat(response.code()).isEqualTo(200);
    JsonNode table = new ObjectMapper().readTree(response.body());
    List<String> columns = new ArrayList<>();
    table.get("columnDefinitions").forEach(c -> columns.add(c.get("name").asText()));
    // docs/install.md: NAME  AGE  MODE  READY  RECALLS  LIST AGE
    assertThat(columns).containsExactly("Name", "Age", "Mode", "Ready", "Recalls", "List age");
    JsonNode row = null;
    for (JsonNode r : table.get("rows")) {
      if ("lifecycle".equals(r.get("cells").get(0).asText())) {
        row = r.get("cells");
      }
    }
    assertThat(row).as("row of policy lifecycle in %s", table.get("rows")).isNotNull();
    assertThat(row.get(2).asText()).as("Mode").isEqualTo("Enforce");
    E2eCluster.log("kubectl get tp: columns %s, row %s", columns, row);
  }

  @Test
  @Order(4)
  void newRevocationListDeniesAndWarnsOnRunningPods() {
    Eventually.await("the policy to be Ready", EFFECT_TIMEOUT, () -> ready("lifecycle"));
    Pod running = admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "running", signed)).create();
    // No kubelet: mark it Running through pods/status, as a kubelet would.
    running.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
    admin.pods().inNamespace(NS).resource(running).updateStatus();

    releases.publishList(2, "2026-06-02T00:00:00Z", "3.0.0 dev x86_64 " + NEW_REASON);
    Duration denied = Eventually.await("the new list to deny 3.0.0", EFFECT_TIMEOUT, () -> !admitted(signed));
    E2eCluster.log("time to effect: new revocation list (refreshInterval 10s) %d ms", denied.toMillis());

    Event[] event = new Event[1];
    Duration warned = Eventually.await("a ReleaseRecalled Event on Pod running", EFFECT_TIMEOUT, () -> {
      event[0] = admin.v1().events().inNamespace(NS).list().getItems().stream()
          .filter(e -> "ReleaseRecalled".equals(e.getReason()) && "running".equals(e.getInvolvedObject().getName()))
          .findFirst().orElse(null);
      return event[0] != null;
    });
    assertThat(event[0].getType()).isEqualTo("Warning");
    assertThat(event[0].getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(event[0].getMessage()).contains(NEW_REASON);
    E2eCluster.log("retroactive recall: Event on the running Pod %d ms after the list was denied; message: %s",
        warned.toMillis(), event[0].getMessage());
    Eventually.await("status.recalledWorkloads = 1", EFFECT_TIMEOUT, () -> {
      TrustPolicy p = admin.resources(TrustPolicy.class).withName("lifecycle").get();
      return p.getStatus() != null && Integer.valueOf(1).equals(p.getStatus().recalledWorkloads)
          && p.getStatus().revocations != null && Long.valueOf(2).equals(p.getStatus().revocations.sequence);
    });
  }

  boolean ready(String name) {
    TrustPolicy p = admin.resources(TrustPolicy.class).withName(name).get();
    return p != null && p.getStatus() != null && p.getStatus().conditions.stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
