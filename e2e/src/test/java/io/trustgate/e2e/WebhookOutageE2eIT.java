package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.e2e.support.Admission;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.Eventually;
import io.trustgate.e2e.support.Releases;
import io.trustgate.e2e.support.Workloads;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook process gone: failurePolicy Fail refuses Pods in governed namespaces (any image),
 * exempt namespaces keep working, and TrustPolicies stay editable (failurePolicy Ignore); a
 * policy that does not compile, created meanwhile, is reported by the operator in its status.
 */
@ExtendWith(E2eExtension.class)
@Order(90)
class WebhookOutageE2eIT {
  static final String NS = "e2e-outage";

  @Test
  void webhookDownRefusesGovernedNamespacesAndReportsPoliciesInStatus(E2eCluster cluster) {
    KubernetesClient admin = cluster.admin();
    cluster.namespace(NS);
    Releases releases = new Releases(admin, "outage");
    releases.publishList(1, "2026-05-15T00:00:00Z");
    admin.resources(TrustPolicy.class).resource(releases.policy("outage")).create();
    cluster.awaitWebhookAnswering(releases, NS);

    cluster.webhook().kill();
    Admission a = Admission.refused("webhook down", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "busybox", "busybox:1.36")).create());
    assertThat(a.code()).isEqualTo(500);
    assertThat(a.reason()).isEqualTo("InternalError");
    assertThat(a.message()).startsWith("Internal error occurred: failed calling webhook \"workloads.trustgate.io\": ");
    Pod exempt = admin.pods().inNamespace("kube-system").resource(Workloads.pod("kube-system", "outage-exempt", "busybox:1.36")).create();
    assertThat(exempt.getMetadata().getUid()).isNotBlank();

    TrustPolicy bad = releases.policy("outage-bad");
    bad.getSpec().manifests.signer.identityRegex = "(unclosed";
    TrustPolicy created = admin.resources(TrustPolicy.class).resource(bad).create();
    assertThat(created.getMetadata().getUid()).as("failurePolicy Ignore: accepted while the webhook is down").isNotBlank();
    Eventually.await("Ready=False InvalidSpec on outage-bad", Duration.ofMinutes(1), () -> {
      TrustPolicy p = admin.resources(TrustPolicy.class).withName("outage-bad").get();
      return p.getStatus() != null && p.getStatus().conditions.stream().anyMatch(c -> "Ready".equals(c.getType())
          && "False".equals(c.getStatus()) && "InvalidSpec".equals(c.getReason())
          && c.getMessage().contains("spec.manifests.signer.identityRegex"));
    });

    cluster.webhook().start();
    Duration back = cluster.awaitWebhookAnswering(releases, NS);
    E2eCluster.log("webhook restarted: answering again after %d ms", back.toMillis());
    Admission invalid = Admission.refused("images of a policy that does not compile", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "governed", releases.image() + ":v1.0.0")).create());
    assertThat(invalid.message()).contains("trustgate denied Pod " + NS + "/governed:");
    admin.resources(TrustPolicy.class).withName("outage-bad").delete();
  }
}
