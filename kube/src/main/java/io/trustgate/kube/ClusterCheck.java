package io.trustgate.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Before a process builds informers and controllers on a cluster, checks in one quick step that
 * there is one: otherwise informers retry for half a minute and log a stack trace per attempt,
 * when the user needs one line saying what is missing.
 */
public final class ClusterCheck {
  private static final int PROBE_TIMEOUT_MILLIS = 5_000;

  private ClusterCheck() {}

  /**
   * Why no cluster is configured, in one line; empty when --kubeconfig, $KUBECONFIG,
   * ~/.kube/config, $KUBERNETES_MASTER or in-cluster credentials name one (the places fabric8 looks).
   */
  public static Optional<String> missingConfiguration(Optional<Path> kubeconfig, Map<String, String> env, Path home) {
    if (kubeconfig.isPresent() || env.containsKey("KUBERNETES_SERVICE_HOST") || env.containsKey("KUBERNETES_MASTER")
        || System.getProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY) != null
        || System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE) != null) {
      return Optional.empty();
    }
    String fromEnv = env.getOrDefault("KUBECONFIG", "");
    for (String p : fromEnv.split(File.pathSeparator)) {
      if (!p.isBlank() && Files.isRegularFile(Path.of(p))) {
        return Optional.empty();
      }
    }
    Path standard = home.resolve(".kube").resolve("config");
    if (fromEnv.isBlank() && Files.isRegularFile(standard)) {
      return Optional.empty();
    }
    return Optional.of("no Kubernetes cluster found: not running in a cluster (KUBERNETES_SERVICE_HOST is unset) and no"
        + " kubeconfig (--kubeconfig, " + (fromEnv.isBlank() ? "$KUBECONFIG unset" : "$KUBECONFIG=" + fromEnv
        + " does not exist") + ", no " + standard + ")");
  }

  /** Why the API server the client points at does not answer, in one line; empty when it does. */
  public static Optional<String> unreachable(KubernetesClient client) {
    Config config = new ConfigBuilder(client.getConfiguration())
        .withRequestRetryBackoffLimit(0)
        .withConnectionTimeout(PROBE_TIMEOUT_MILLIS)
        .withRequestTimeout(PROBE_TIMEOUT_MILLIS)
        .build();
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(config).build()) {
      probe.getKubernetesVersion();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("cannot reach the Kubernetes API server at " + config.getMasterUrl() + ": " + rootCause(e));
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
