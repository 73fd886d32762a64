package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.Eventually;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator, with only the RBAC install.yaml grants its ServiceAccount, keeps its Lease:
 * fabric8's leader election renews it with PATCH (a missing verb made it exit ~10 s after start).
 */
@ExtendWith(E2eExtension.class)
@Order(1)
class LeaderElectionE2eIT {
  /** JOSDK's default renew deadline; the leader must renew within it or it stops leading. */
  static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);

  @Test
  void operatorStillLeadsAfterTwoRenewPeriodsAsItsServiceAccount(E2eCluster cluster) throws Exception {
    Lease[] lease = new Lease[1];
    Eventually.await("the operator to take its Lease", Duration.ofMinutes(2), () -> {
      lease[0] = cluster.admin().leases().inNamespace(E2eCluster.SYSTEM_NAMESPACE).withName("trustgate-operator").get();
      return lease[0] != null && lease[0].getSpec().getHolderIdentity() != null;
    });
    String holder = lease[0].getSpec().getHolderIdentity();
    ZonedDateTime acquired = lease[0].getSpec().getAcquireTime();

    Thread.sleep(RENEW_DEADLINE.multipliedBy(2).plusSeconds(5).toMillis());

    Lease now = cluster.admin().leases().inNamespace(E2eCluster.SYSTEM_NAMESPACE).withName("trustgate-operator").get();
    assertThat(cluster.operator().alive()).as("operator process alive; log:\n%s", cluster.operator().logTail()).isTrue();
    assertThat(now.getSpec().getHolderIdentity()).isEqualTo(holder);
    assertThat(now.getSpec().getAcquireTime()).isEqualTo(acquired);
    assertThat(now.getSpec().getRenewTime()).as("renewed within the last renew period")
        .isAfter(ZonedDateTime.now().minus(RENEW_DEADLINE));
    assertThat(cluster.operator().log()).doesNotContain("forbidden").doesNotContain("Stopped leading");
  }

  @Test
  void operatorReportsStatusOnPolicies(E2eCluster cluster) {
    Eventually.await("the startup policy to be Ready=True", Duration.ofMinutes(1), () -> {
      TrustPolicy p = cluster.admin().resources(TrustPolicy.class).withName("startup").get();
      return p.getStatus() != null && p.getStatus().conditions != null && p.getStatus().conditions.stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    });
  }
}
