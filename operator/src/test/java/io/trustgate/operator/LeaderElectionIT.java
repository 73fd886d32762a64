package io.trustgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.trustgate.kube.testing.Eventually;
import io.trustgate.operator.tls.WebhookTlsSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {
  KubernetesClient client;

  @Test
  void operatorElectsThroughTheConfiguredLease() {
    try (OperatorRuntime runtime = new OperatorRuntime(settings(true), client, Clock.systemUTC(), c -> List.of())) {
      Optional<LeaderElectionConfiguration> election =
          runtime.operator().getConfigurationService().getLeaderElectionConfiguration();

      assertThat(election).isPresent();
      assertThat(election.get().getLeaseName()).isEqualTo("tg-lease");
      assertThat(election.get().getLeaseNamespace()).contains("tg-ns");
      assertThat(election.get().getLeaderCallbacks()).isPresent();
      assertThat(election.get().isExitOnStopLeading()).as("JOSDK's System.exit would block a shutdown hook").isFalse();
    }
  }

  @Test
  void losingTheLeaseWhileRunningEndsTheProcessButStoppingDeliberatelyDoesNot() {
    AtomicInteger exits = new AtomicInteger();
    OperatorRuntime runtime = new OperatorRuntime(settings(true), client, Clock.systemUTC(), c -> List.of(),
        exits::incrementAndGet);
    var callbacks = runtime.operator().getConfigurationService().getLeaderElectionConfiguration()
        .orElseThrow().getLeaderCallbacks().orElseThrow();

    callbacks.onStopLeading();
    assertThat(exits).hasValue(1);

    runtime.close();
    callbacks.onStopLeading();
    assertThat(exits).as("no exit while closing (e.g. in the SIGTERM hook)").hasValue(1);
  }

  @Test
  void withoutElectionLeaderTasksRunAtStartAndRepeat() {
    AtomicInteger runs = new AtomicInteger();
    LeaderTask task = new LeaderTask() {
      @Override
      public String name() {
        return "counter";
      }

      @Override
      public void reconcile() {
        runs.incrementAndGet();
      }

      @Override
      public Duration nextCheck() {
        return Duration.ofMillis(10);
      }
    };
    try (OperatorRuntime runtime = new OperatorRuntime(settings(false), client, Clock.systemUTC(), c -> List.of(task))) {
      assertThat(runtime.operator().getConfigurationService().getLeaderElectionConfiguration()).isEmpty();
      runtime.start();

      assertThat(runtime.leading()).isTrue();
      Eventually.await("the leader task ran repeatedly", () -> runs.get() >= 3, () -> runs.get() + " runs");
    }
  }

  @Test
  void leaderTasksStopWhenLeadershipIsLost() {
    AtomicInteger runs = new AtomicInteger();
    LeaderTaskRunner runner = new LeaderTaskRunner(List.of(new LeaderTask() {
      @Override
      public String name() {
        return "counter";
      }

      @Override
      public void reconcile() {
        runs.incrementAndGet();
      }

      @Override
      public Duration nextCheck() {
        return Duration.ofMillis(5);
      }
    }));
    try (runner) {
      runner.startLeading();
      Eventually.await("the task ran", () -> runs.get() >= 1);
      runner.stopLeading();

      assertThat(runner.leading()).isFalse();
      assertThat(runner.pendingRuns()).isZero();

      int before = runs.get();
      runner.startLeading();
      Eventually.await("the task runs again once leading", () -> runs.get() > before);
    }
  }

  private static OperatorSettings settings(boolean election) {
    return new OperatorSettings(Optional.empty(), "tg-ns", election, "tg-lease", Optional.empty(), true, "tg-ns", true,
        false, new WebhookTlsSettings("tg-ns", "trustgate-webhook-tls", "trustgate-webhook", "trustgate",
            Optional.empty(), Optional.empty(), Duration.ofHours(2160), Duration.ofHours(720)));
  }
}
