package io.trustgate.e2e.support;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.trustgate.api.v1alpha1.TrustPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The installed system the scenarios share: one control plane, install.yaml applied, the
 * operator and the webhook running with their ServiceAccounts' tokens. Started once per test
 * run (starting an API server costs seconds; every scenario uses its own project, namespace
 * and policy, so they do not interfere).
 */
public final class E2eCluster implements AutoCloseable {
  public static final String SYSTEM_NAMESPACE = "trustgate-system";
  public static final String GOVERNED = "workloads.trustgate.io";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final E2eSettings settings;
  private final Path workDir;
  private final ControlPlane controlPlane;
  private final int webhookPort = ControlPlane.freePort();
  private TrustgateProcess operator;
  private TrustgateProcess webhook;
  private Startup startup;
  private boolean closed;

  /** How long a governed Pod was refused after install.yaml was applied, and with what. */
  public record Startup(Duration failClosed, Set<String> messages, boolean admittedMeanwhile, Duration operatorStartedAfter) {}

  E2eCluster(E2eSettings settings) throws IOException {
    this.settings = settings;
    this.workDir = Files.createDirectories(settings.workDir());
    this.controlPlane = new ControlPlane(settings, workDir);
  }

  void start() throws IOException {
    long t = System.nanoTime();
    controlPlane.start();
    log("control plane up in %d ms (kube-apiserver %s, etcd, kube-controller-manager)", ms(t), E2eSettings.KUBERNETES_VERSION);
    KubernetesClient admin = admin();
    long applied = System.nanoTime();
    Installation.apply(admin, settings.installYaml());
    admin.configMaps().inNamespace(SYSTEM_NAMESPACE).resource(Releases.trustRootConfigMap()).forceConflicts().serverSideApply();
    Releases probe = new Releases(admin, "startup");
    probe.publishList(1, "2026-05-01T00:00:00Z");
    admin.resources(TrustPolicy.class).resource(probe.policy("startup")).create();
    namespace("e2e-startup");

    Path tls = Files.createDirectories(workDir.resolve("webhook-tls"));
    operator = new TrustgateProcess("operator", settings.operatorJar(), workDir, List.of(
        "--kubeconfig", controlPlane.serviceAccountKubeconfig(SYSTEM_NAMESPACE, "trustgate-operator").toString(),
        "--namespace", SYSTEM_NAMESPACE, "--offline", "--policy-report-interval", "5s",
        "--webhook-url", "https://127.0.0.1:" + webhookPort + "/",
        "--webhook-cert-dir", tls.toString()));
    webhook = new TrustgateProcess("webhook", settings.webhookJar(), workDir, List.of(
        "--kubeconfig", controlPlane.serviceAccountKubeconfig(SYSTEM_NAMESPACE, "trustgate-webhook").toString(),
        "--tls-cert", tls.resolve("tls.crt").toString(), "--tls-key", tls.resolve("tls.key").toString(),
        "--port", Integer.toString(webhookPort), "--offline"));
    long operatorStart = System.nanoTime();
    operator.start();
    Thread webhookStarter = new Thread(() -> {
      Eventually.await("the operator to write the webhook's certificate", START_TIMEOUT,
          () -> Files.isRegularFile(tls.resolve("tls.key")) && Files.isRegularFile(tls.resolve("tls.crt")));
      webhook.start();
    }, "e2e-webhook-starter");
    webhookStarter.start();
    startup = measureStartup(admin, probe, applied, operatorStart);
    log("startup: trustgate answered %d ms after install.yaml was applied (operator started after %d ms); "
        + "admitted meanwhile: %s; refused meanwhile with: %s", startup.failClosed().toMillis(),
        startup.operatorStartedAfter().toMillis(), startup.admittedMeanwhile(), startup.messages());
  }

  /** Dry-run creates a governed, unpinned Pod until trustgate itself answers. */
  private Startup measureStartup(KubernetesClient admin, Releases probe, long applied, long operatorStart) {
    Set<String> messages = new LinkedHashSet<>();
    boolean[] admitted = {false};
    Pod pod = Workloads.pod("e2e-startup", "startup-probe", probe.image() + ":v1.0.0");
    Eventually.await("trustgate to answer admissions after install", START_TIMEOUT, () -> {
      try {
        admin.pods().inNamespace("e2e-startup").resource(pod).dryRun().create();
        admitted[0] = true;
        return false;
      } catch (KubernetesClientException e) {
        String message = e.getStatus() == null ? String.valueOf(e.getMessage()) : e.getStatus().getMessage();
        if (message.contains("trustgate denied")) {
          return true;
        }
        messages.add(message.replaceAll("127\\.0\\.0\\.1:[0-9]+", "127.0.0.1:<port>"));
        return false;
      }
    });
    return new Startup(Duration.ofNanos(System.nanoTime() - applied), messages, admitted[0],
        Duration.ofNanos(operatorStart - applied));
  }

  public KubernetesClient admin() {
    return controlPlane.admin();
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public TrustgateProcess operator() {
    return operator;
  }

  public TrustgateProcess webhook() {
    return webhook;
  }

  public Startup startup() {
    return startup;
  }

  public void namespace(String name) {
    admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .forceConflicts().serverSideApply();
  }

  /**
   * Waits until the webhook answers for {@code namespace}: a dry-run create of an unpinned image
   * of {@code releases}' project is denied by trustgate itself. Returns the time it took.
   */
  public Duration awaitWebhookAnswering(Releases releases, String namespace) {
    Pod pod = Workloads.pod(namespace, "answer-probe", releases.image() + ":v1.0.0");
    return Eventually.await("the webhook to answer in " + namespace, START_TIMEOUT, () -> {
      try {
        admin().pods().inNamespace(namespace).resource(pod).dryRun().create();
        return false;
      } catch (KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
            && e.getStatus().getMessage().contains("trustgate denied");
      }
    });
  }

  public Path workDir() {
    return workDir;
  }

  public E2eSettings settings() {
    return settings;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> lines = new ArrayList<>();
    for (TrustgateProcess p : new TrustgateProcess[] {webhook, operator}) {
      if (p != null) {
        p.kill();
        lines.add(p + " log: " + p.logFile());
      }
    }
    controlPlane.close();
    lines.forEach(l -> log("%s", l));
  }

  static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  public static void log(String format, Object... args) {
    System.out.println("e2e: " + String.format(format, args));
  }

  static Optional<String> missing(E2eSettings settings) {
    return settings.missing();
  }
}
