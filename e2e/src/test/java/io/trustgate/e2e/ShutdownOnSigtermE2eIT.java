package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.TrustgateProcess;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kubelet sends SIGTERM and waits terminationGracePeriodSeconds (30 s) before SIGKILL; both
 * processes must leave within seconds. It stops the shared processes, so it runs last.
 */
@ExtendWith(E2eExtension.class)
@Order(99)
class ShutdownOnSigtermE2eIT {
  static final Duration EXPECTED = Duration.ofSeconds(5);
  static final Duration GRACE = Duration.ofSeconds(30);

  @Test
  void webhookLeavesWithinSecondsOfSigterm(E2eCluster cluster) {
    assertLeaves(cluster.webhook());
  }

  @Test
  void operatorLeavesWithinSecondsOfSigterm(E2eCluster cluster) {
    assertLeaves(cluster.operator());
  }

  private static void assertLeaves(TrustgateProcess process) {
    assertThat(process.alive()).isTrue();
    Optional<Duration> left = process.terminate(GRACE);
    E2eCluster.log("%s after SIGTERM: %s", process, left.map(d -> "left in " + d.toMillis() + " ms")
        .orElse("still running after " + GRACE.toSeconds() + " s (killed)"));
    assertThat(left).as("%s left within the grace period; log:\n%s", process, process.logTail()).isPresent();
    assertThat(left.get()).isLessThan(EXPECTED);
  }
}
