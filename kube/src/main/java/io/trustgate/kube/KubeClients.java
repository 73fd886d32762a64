package io.trustgate.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The Kubernetes client of the webhook and the operator, built the same way for both. */
public final class KubeClients {
  private KubeClients() {}

  /** From {@code --kubeconfig} when given, else in-cluster credentials or the usual auto-configuration. */
  public static KubernetesClient create(Optional<Path> kubeconfig) {
    Config config = kubeconfig
        .map(p -> {
          try {
            return Config.fromKubeconfig(Files.readString(p));
          } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --kubeconfig " + p + ": " + e.getMessage());
          }
        })
        .orElseGet(() -> Config.autoConfigure(null));
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
