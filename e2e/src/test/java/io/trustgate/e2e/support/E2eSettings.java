package io.trustgate.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the suite finds the Kubernetes binaries, the trustgate jars and its work directory. */
public record E2eSettings(Path kubeApiTestDir, Path operatorJar, Path webhookJar, Path cliJar, Path installYaml,
    Path workDir) {
  public static final String KUBERNETES_VERSION = "1.28.0";
  static final String BINARY_FOLDER = KUBERNETES_VERSION + "-linux-amd64";

  public static E2eSettings fromSystemProperties() {
    return new E2eSettings(
        path("trustgate.e2e.kubeApiTestDir", Path.of(System.getProperty("user.home"), ".kubeapitest")),
        path("trustgate.e2e.operatorJar", Path.of("../operator/target/trustgate-operator.jar")),
        path("trustgate.e2e.webhookJar", Path.of("../webhook/target/trustgate-webhook.jar")),
        path("trustgate.e2e.cliJar", Path.of("../cli/target/trustgate.jar")),
        path("trustgate.e2e.installYaml", Path.of("../deploy/install.yaml")),
        path("trustgate.e2e.workDir", Path.of("target/e2e")));
  }

  public Path binaryDir() {
    return kubeApiTestDir.resolve("k8s").resolve(BINARY_FOLDER);
  }

  public Path controllerManager() {
    return binaryDir().resolve("kube-controller-manager");
  }

  /** Why the suite cannot run here, if it cannot. */
  public Optional<String> missing() {
    for (String binary : new String[] {"kube-apiserver", "etcd", "kube-controller-manager"}) {
      if (!Files.isExecutable(binaryDir().resolve(binary))) {
        return Optional.of(binaryDir().resolve(binary) + " is not installed");
      }
    }
    for (Path jar : new Path[] {operatorJar, webhookJar, cliJar}) {
      if (!Files.isRegularFile(jar)) {
        return Optional.of(jar + " is not built");
      }
    }
    return Optional.empty();
  }

  private static Path path(String property, Path fallback) {
    String value = System.getProperty(property);
    return (value == null || value.isBlank() ? fallback : Path.of(value)).toAbsolutePath().normalize();
  }
}
