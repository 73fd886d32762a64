package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.e2e.support.E2eCluster;
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
}
