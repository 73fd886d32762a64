package io.trustgate.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.kube.ClusterCheck;
import io.trustgate.operator.registration.NamespaceSelectorSync;
import io.trustgate.operator.tls.WebhookCertificates;
import io.trustgate.operator.tls.WebhookTlsSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code java -jar trustgate-operator.jar [flags]}: parse and validate flags, then run. */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  /** How often the namespaceSelector is checked; an edit by hand is undone within this time. */
  static final java.time.Duration NAMESPACE_SELECTION_CHECK = java.time.Duration.ofMinutes(1);

  private OperatorMain() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new OperatorCommand());
    OperatorSettings settings;
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return;
      }
      settings = ((OperatorCommand) cli.getCommand()).call();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("run with --help for the flags");
      System.exit(2);
      return;
    }
    Optional<String> noCluster = ClusterCheck.missingConfiguration(
        settings.kubeconfig(), System.getenv(), Path.of(System.getProperty("user.home")));
    if (noCluster.isPresent()) {
      System.err.println("error: " + noCluster.get());
      System.exit(1);
      return;
    }
    KubernetesClient client;
    try {
      client = OperatorRuntime.client(settings);
    } catch (RuntimeException e) {
      System.err.println("error: no usable Kubernetes client configuration"
          + settings.kubeconfig().map(p -> " in kubeconfig " + p).orElse("") + ": "
          // fabric8 answers an empty or foreign file with a NullPointerException.
          + (e instanceof NullPointerException ? "not a valid kubeconfig" : rootCause(e)));
      System.exit(1);
      return;
    }
    Optional<String> unreachable = ClusterCheck.unreachable(client);
    if (unreachable.isPresent()) {
      System.err.println("error: " + unreachable.get());
      client.close();
      System.exit(1);
      return;
    }
    Clock clock = Clock.systemUTC();
    OperatorRuntime runtime = new OperatorRuntime(settings, client, clock,
        c -> leaderTasks(c, settings, clock), OperatorMain::exitAsFollower);
    // Never System.exit in here: it would block forever inside a shutdown hook.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("SIGTERM: stopping (lease released, reconciliations finished)");
      long start = System.nanoTime();
      runtime.close();
      client.close();
      LOG.info("trustgate operator stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }, "trustgate-shutdown"));
    try {
      runtime.start();
    } catch (RuntimeException e) {
      // Exit so the kubelet restarts the operator instead of leaving a process that does nothing.
      LOG.error("trustgate operator could not start: {}", rootCause(e));
      System.exit(1);
    }
    LOG.info("trustgate operator running");
  }

  /**
   * The lease was lost while running (another replica may lead now): exit so the kubelet restarts
   * this one as a follower. On a thread of its own, so the elector's thread is not held while the
   * shutdown hook stops the elector.
   */
  private static void exitAsFollower() {
    LOG.error("lost the leader-election lease; exiting to restart as a follower");
    Thread exit = new Thread(() -> System.exit(1), "trustgate-lost-lease");
    exit.start();
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return e.getMessage() + (t == e ? "" : " (cause: " + t + ")");
  }

  /**
   * The leader-only tasks: the webhook's serving certificate and its caBundle registration (unless
   * TLS is external), and the workloads webhook's namespaceSelector (when a selection is set).
   */
  static List<LeaderTask> leaderTasks(KubernetesClient client, OperatorSettings settings, Clock clock) {
    List<LeaderTask> tasks = new ArrayList<>();
    if (settings.manageWebhookTls()) {
      tasks.add(leaderTasks(client, settings.webhookTls(), clock).get(0));
    } else {
      LOG.info("webhook TLS is external (--webhook-tls external): the operator issues no certificate and leaves"
          + " the caBundle to its owner");
    }
    settings.namespaceSelection().ifPresent(selection -> {
      NamespaceSelectorSync sync =
          new NamespaceSelectorSync(client, settings.webhookTls().webhookConfigurationName(), selection);
      tasks.add(new LeaderTask() {
        @Override
        public String name() {
          return "webhook namespace selection";
        }

        @Override
        public void reconcile() {
          sync.sync();
        }

        @Override
        public java.time.Duration nextCheck() {
          return NAMESPACE_SELECTION_CHECK;
        }
      });
    });
    return List.copyOf(tasks);
  }

  /** The webhook's serving certificate and its caBundle registration. */
  static List<LeaderTask> leaderTasks(KubernetesClient client, WebhookTlsSettings tls, Clock clock) {
    WebhookCertificates certs = new WebhookCertificates(client, tls, clock);
    return List.of(new LeaderTask() {
      @Override
      public String name() {
        return "webhook certificates";
      }

      @Override
      public void reconcile() {
        certs.reconcile();
      }

      @Override
      public java.time.Duration nextCheck() {
        return certs.nextCheck();
      }
    });
  }
}
