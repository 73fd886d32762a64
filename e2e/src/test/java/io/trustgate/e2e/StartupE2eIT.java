package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.Eventually;
import java.time.Duration;
import java.util.List;
import io.trustgate.e2e.support.E2eExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * First install: until the operator has issued the webhook's certificate and injected the
 * caBundle, and the webhook is up, governed Pods are refused (fail closed) with the API
 * server's "failed calling webhook" error, never admitted. The suite's set-up measures it.
 */
@ExtendWith(E2eExtension.class)
@Order(2)
class StartupE2eIT {
  @Test
  void governedPodsAreRefusedNotAdmittedUntilTrustgateAnswers(E2eCluster cluster) {
    E2eCluster.Startup startup = cluster.startup();
    assertThat(startup.admittedMeanwhile()).as("a governed Pod admitted before trustgate answered").isFalse();
    assertThat(startup.messages()).as("what a user saw meanwhile").isNotEmpty()
        .allSatisfy(m -> assertThat(m).contains("failed calling webhook \"workloads.trustgate.io\""));
    E2eCluster.log("startup: governed Pods refused for %d ms after install.yaml (operator started %d ms after it): %s",
        startup.failClosed().toMillis(), startup.operatorStartedAfter().toMillis(), startup.messages());
  }

  /**
   * The policy created with install.yaml names a ConfigMap trust root the operator has not read
   * yet when it first reconciles: that is waiting, not a rejected revocation list.
   */
  @Test
  void trustRootStillLoadingIsReportedAsWaitingNotAsARejectedList(E2eCluster cluster) {
    Eventually.await("policy startup's revocation list to be verified", Duration.ofMinutes(1), () -> {
      TrustPolicy p = cluster.admin().resources(TrustPolicy.class).withName("startup").get();
      return p.getStatus() != null && p.getStatus().conditions.stream()
          .anyMatch(c -> "RevocationListCurrent".equals(c.getType()) && "Verified".equals(c.getReason()));
    });
    List<Event> events = cluster.admin().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "startup".equals(e.getInvolvedObject().getName()) && "TrustPolicy".equals(e.getInvolvedObject().getKind()))
        .toList();
    events.forEach(e -> E2eCluster.log("event on TrustPolicy startup: %s %s: %s", e.getType(), e.getReason(), e.getMessage()));
    assertThat(events).extracting(Event::getReason).doesNotContain("RevocationListRejected").contains("RevocationListUpdated");
    assertThat(events).filteredOn(e -> "WaitingForTrustRoot".equals(e.getReason()))
        .allSatisfy(e -> assertThat(e.getMessage()).startsWith("waiting for the trust root"));
  }
}
