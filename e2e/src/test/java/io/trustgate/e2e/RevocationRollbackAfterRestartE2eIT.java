package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * A restarted webhook that is served an older, validly signed revocation list (a rollback by
 * whoever controls the mirror) must keep denying what the newer list recalled: the operator
 * persisted the accepted list in status.revocationFloor, which bounds every webhook replica.
 */
@ExtendWith(E2eExtension.class)
@Order(95)
class RevocationRollbackAfterRestartE2eIT {
  static final String NS = "e2e-rollback";
  static final String REASON = "CVE-2026-4242: dev image trusts any registry; upgrade to 4.0.1";

  @Test
  void recalledReleaseStaysDeniedWhenARestartedWebhookIsServedAnOlderList(E2eCluster cluster) {
    KubernetesClient admin = cluster.admin();
    cluster.namespace(NS);
    Releases releases = new Releases(admin, "rollback");
    String image = releases.release("4.0.0", "x86_64");
    releases.publishList(2, "2026-06-01T00:00:00Z", "4.0.0 dev x86_64 " + REASON);
    admin.resources(TrustPolicy.class).resource(releases.policy("rollback")).create();
    cluster.awaitWebhookAnswering(releases, NS);
    Eventually.await("4.0.0 to be denied as recalled", Duration.ofMinutes(1), () -> recalled(admin, image));

    cluster.webhook().kill();
    releases.publishList(1, "2026-05-01T00:00:00Z");
    cluster.webhook().start();
    cluster.awaitWebhookAnswering(releases, NS);

    Admission a = Admission.refused("recalled after restart", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "rolled-back", image)).dryRun().create())
        .deniedByTrustgate("Pod", NS, "rolled-back");
    assertThat(a.message()).contains(REASON);
  }

  static boolean recalled(KubernetesClient admin, String image) {
    try {
      admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "probe", image)).dryRun().create();
      return false;
    } catch (KubernetesClientException e) {
      return e.getStatus() != null && e.getStatus().getMessage().contains(REASON);
    }
  }
}
