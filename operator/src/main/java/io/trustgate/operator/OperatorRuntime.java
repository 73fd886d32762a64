package io.trustgate.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.trustgate.core.evidence.EvidenceChain;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.kube.evidence.ConfigMapMirror;
import io.trustgate.kube.trust.TrustRoots;
import io.trustgate.operator.policy.PolicyReconciliation;
import io.trustgate.operator.policy.TrustPolicyReconciler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the operator runs, wired from its settings: trust roots, evidence (mirror
 * ConfigMaps, then HTTP unless offline), the TrustPolicy reconciler and the JOSDK operator with
 * leader election. Leader tasks start when this replica leads (at once without election).
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
  private static final java.time.Duration MIRROR_SYNC_WAIT = java.time.Duration.ofSeconds(30);

  private final OperatorSettings settings;
  private final KubernetesClient client;
  private final ExecutorService fetches = Executors.newFixedThreadPool(4, daemon("trustgate-fetch"));
  private final ScheduledExecutorService background = Executors.newScheduledThreadPool(1, daemon("trustgate-roots"));
  private final TrustRoots trustRoots;
  private final ConfigMapMirror mirror;
  private final LeaderTaskRunner leaderTasks;
  private final Operator operator;
  private final Runnable onLostLease;
  private volatile boolean closing;

  /**
   * @param leaderTasks builds the leader-only tasks from the client this runtime uses
   */
  public OperatorRuntime(OperatorSettings settings, KubernetesClient client, Clock clock,
      Function<KubernetesClient, List<LeaderTask>> leaderTasks) {
    this(settings, client, clock, leaderTasks, () -> LOG.error("lost the leader-election lease"));
  }

  /**
   * @param onLostLease runs when this replica loses its lease while not closing; the process
   *     exits there and restarts as a follower, so no two replicas act as leader
   */
  public OperatorRuntime(OperatorSettings settings, KubernetesClient client, Clock clock,
      Function<KubernetesClient, List<LeaderTask>> leaderTasks, Runnable onLostLease) {
    this.settings = settings;
    this.onLostLease = onLostLease;
    this.client = client;
    this.trustRoots = settings.trustedRoot().isPresent()
        ? TrustRoots.override(settings.trustedRoot().get())
        : TrustRoots.of(client, background);
    this.mirror = new ConfigMapMirror(client, settings.mirrorNamespace());
    EvidenceSource evidence = settings.offline()
        ? mirror
        : new EvidenceChain(mirror, new HttpEvidenceSource(HttpEvidenceConfig.defaults()));
    PolicyReconciliation reconciliation = new PolicyReconciliation(client, evidence,
        PolicyRuntime.manifestCache(evidence, fetches, clock), trustRoots, clock, settings.recallScan(),
        settings.policyReports());
    this.leaderTasks = new LeaderTaskRunner(leaderTasks.apply(client));
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(settings.ssaStatusPatch())
          .checkingCRDAndValidateLocalModel(false);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(leaderElection(settings, this.leaderTasks, this::stoppedLeading));
      }
    });
    operator.register(new TrustPolicyReconciler(reconciliation));
  }

  /**
   * JOSDK's own exit-on-stop-leading is off: it calls {@code System.exit} from the thread that
   * stops leading, which during shutdown is the shutdown hook itself, and {@code System.exit}
   * inside a hook blocks forever. So a deliberate stop (closing) just stops, and only a lease lost
   * while running ends the process, through {@code onLostLease}.
   */
  private void stoppedLeading() {
    leaderTasks.stopLeading();
    if (!closing) {
      onLostLease.run();
    }
  }

  static LeaderElectionConfiguration leaderElection(OperatorSettings settings, LeaderTaskRunner tasks) {
    return leaderElection(settings, tasks, tasks::stopLeading);
  }

  static LeaderElectionConfiguration leaderElection(OperatorSettings settings, LeaderTaskRunner tasks,
      Runnable stopLeading) {
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.namespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        new LeaderCallbacks(tasks::startLeading, stopLeading,
            leader -> LOG.info("leader of lease {}/{} is {}", settings.namespace(), settings.leaseName(), leader)),
        // Not JOSDK's System.exit: see stoppedLeading().
        false);
  }

  /** A client from --kubeconfig, else in-cluster credentials or the usual auto-configuration. */
  public static KubernetesClient client(OperatorSettings settings) {
    return io.trustgate.kube.KubeClients.create(settings.kubeconfig());
  }


  public void start() {
    mirror.start();
    mirror.awaitSynced(MIRROR_SYNC_WAIT);
    operator.start();
    if (!settings.leaderElection()) {
      leaderTasks.startLeading();
    }
    LOG.info("trustgate operator started (leader election {}, recall scan {}, policy reports {}, evidence {})",
        settings.leaderElection() ? "on, lease " + settings.namespace() + "/" + settings.leaseName() : "off",
        settings.recallScan() ? "on" : "off",
        settings.policyReports().mode() + " every " + io.trustgate.core.policy.GoDuration.format(settings.policyReports().interval()),
        settings.offline() ? "mirror ConfigMaps only" : "mirror ConfigMaps then HTTP");
  }

  public Operator operator() {
    return operator;
  }

  boolean leading() {
    return leaderTasks.leading();
  }

  /** Stops everything; stopping to lead here is deliberate and does not end the process. */
  @Override
  public void close() {
    closing = true;
    leaderTasks.close();
    operator.stop();
    mirror.close();
    trustRoots.close();
    fetches.shutdownNow();
    background.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
