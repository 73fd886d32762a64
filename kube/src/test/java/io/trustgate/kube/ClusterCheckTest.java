package io.trustgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCheckTest {
  @TempDir Path home;

  @Test
  void saysInOneLineThatNoClusterIsConfigured() {
    Optional<String> missing = ClusterCheck.missingConfiguration(Optional.empty(), Map.of(), home);
    assertThat(missing).hasValueSatisfying(m -> {
      assertThat(m).startsWith("no Kubernetes cluster found").contains("--kubeconfig", "KUBERNETES_SERVICE_HOST");
      assertThat(m).doesNotContain("\n");
    });
  }

  @Test
  void aKubeconfigVariableNamingNoFileIsNamed() {
    assertThat(ClusterCheck.missingConfiguration(Optional.empty(), Map.of("KUBECONFIG", "/nonexistent/config"), home))
        .hasValueSatisfying(m -> assertThat(m).contains("$KUBECONFIG=/nonexistent/config does not exist"));
  }

  @Test
  void inClusterCredentialsOrAKubeconfigFileCount() throws Exception {
    assertThat(ClusterCheck.missingConfiguration(Optional.empty(), Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), home))
        .isEmpty();
    assertThat(ClusterCheck.missingConfiguration(Optional.of(home.resolve("kc")), Map.of(), home)).isEmpty();
    Files.createDirectories(home.resolve(".kube"));
    Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\n");
    assertThat(ClusterCheck.missingConfiguration(Optional.empty(), Map.of(), home)).isEmpty();
  }

  @Test
  void anApiServerThatDoesNotAnswerIsReportedWithoutRetries() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:" + closedPort).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(ClusterCheck.unreachable(client)).hasValueSatisfying(m ->
          assertThat(m).startsWith("cannot reach the Kubernetes API server at https://127.0.0.1:" + closedPort));
    }
  }
}
