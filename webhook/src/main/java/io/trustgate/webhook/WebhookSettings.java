package io.trustgate.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The webhook's configuration, validated at start. Every field has a documented default
 * (docs/webhook.md) and a flag and environment variable (see {@link WebhookCommand}).
 *
 * @param policiesDir local mode: TrustPolicy YAML from this directory instead of the cluster
 * @param kubeconfig cluster mode outside a cluster; empty means in-cluster or ~/.kube/config
 * @param trustedRoot replaces every policy's trustRoot when set
 * @param mirrorDir read evidence from a directory laid out by URL path (like the CLI's --mirror)
 * @param offline never fetch evidence over HTTP(S): mirrors only
 * @param deadline admission budget; below {@link ServingLimits#webhookTimeout()}
 * @param limits timeouts, threads and connection cap of the server
 * @param logAllowed log every allowed admission at INFO (otherwise at DEBUG; denials always at INFO)
 */
public record WebhookSettings(
    int port,
    Path tlsCert,
    Path tlsKey,
    Duration tlsReloadInterval,
    Optional<Path> policiesDir,
    Optional<Path> kubeconfig,
    Optional<Path> trustedRoot,
    Optional<Path> mirrorDir,
    String mirrorNamespace,
    boolean offline,
    Duration deadline,
    long maxBodyBytes,
    int maxImages,
    int fetchThreads,
    ServingLimits limits,
    boolean logAllowed) {

  /** With {@link ServingLimits#defaults()}. */
  public WebhookSettings(int port, Path tlsCert, Path tlsKey, Duration tlsReloadInterval, Optional<Path> policiesDir,
      Optional<Path> kubeconfig, Optional<Path> trustedRoot, Optional<Path> mirrorDir, String mirrorNamespace,
      boolean offline, Duration deadline, long maxBodyBytes, int maxImages, int fetchThreads) {
    this(port, tlsCert, tlsKey, tlsReloadInterval, policiesDir, kubeconfig, trustedRoot, mirrorDir, mirrorNamespace,
        offline, deadline, maxBodyBytes, maxImages, fetchThreads, ServingLimits.defaults(), false);
  }

  /** Allowed admissions logged at DEBUG. */
  public WebhookSettings(int port, Path tlsCert, Path tlsKey, Duration tlsReloadInterval, Optional<Path> policiesDir,
      Optional<Path> kubeconfig, Optional<Path> trustedRoot, Optional<Path> mirrorDir, String mirrorNamespace,
      boolean offline, Duration deadline, long maxBodyBytes, int maxImages, int fetchThreads, ServingLimits limits) {
    this(port, tlsCert, tlsKey, tlsReloadInterval, policiesDir, kubeconfig, trustedRoot, mirrorDir, mirrorNamespace,
        offline, deadline, maxBodyBytes, maxImages, fetchThreads, limits, false);
  }

  public WebhookSettings {
    java.util.Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    requireFile(tlsCert, "--tls-cert");
    requireFile(tlsKey, "--tls-key");
    policiesDir.ifPresent(d -> {
      if (!java.nio.file.Files.isDirectory(d)) {
        throw new IllegalArgumentException("--policies " + d + " is not a directory");
      }
    });
    kubeconfig.ifPresent(k -> requireFile(k, "--kubeconfig"));
    trustedRoot.ifPresent(t -> requireFile(t, "--trusted-root"));
    mirrorDir.ifPresent(d -> {
      if (!java.nio.file.Files.isDirectory(d)) {
        throw new IllegalArgumentException("--mirror-dir " + d + " is not a directory");
      }
    });
    if (offline && policiesDir.isPresent() && mirrorDir.isEmpty()) {
      throw new IllegalArgumentException(
          "--offline in local mode needs --mirror-dir: without a cluster there are no mirror ConfigMaps");
    }
    if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException("--deadline must be between 1ms and 30s (the apiserver waits at most 30s)");
    }
    if (deadline.compareTo(limits.webhookTimeout()) >= 0) {
      throw new IllegalArgumentException("--deadline " + deadline.toMillis() + "ms must be below --webhook-timeout "
          + limits.webhookTimeout().toMillis() + "ms, or the apiserver gives up before the webhook answers");
    }
    if (tlsReloadInterval.isNegative() || tlsReloadInterval.isZero()) {
      throw new IllegalArgumentException("--tls-reload-interval must be positive");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("--max-body-bytes must be at least 1024");
    }
    if (maxImages < 1) {
      throw new IllegalArgumentException("--max-images must be at least 1");
    }
    if (fetchThreads < 1) {
      throw new IllegalArgumentException("--fetch-threads must be at least 1");
    }
  }

  private static void requireFile(Path p, String flag) {
    if (p == null) {
      throw new IllegalArgumentException(flag + " is required");
    }
    if (!java.nio.file.Files.isRegularFile(p)) {
      throw new IllegalArgumentException(flag + " " + p + " does not exist or is not a file");
    }
  }

  /** Local mode reads policies from files and needs no cluster. */
  public boolean localMode() {
    return policiesDir.isPresent();
  }
}
