package io.trustgate.e2e.support;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real kube-apiserver (with etcd, through kube-api-test in offline mode) and
 * kube-controller-manager for the whole suite, on 127.0.0.1. The admin client (system:masters)
 * only plays the cluster admin and the users; trustgate's processes get ServiceAccount tokens.
 */
public final class ControlPlane implements AutoCloseable {
  private final E2eSettings settings;
  private final Path workDir;
  private Path kubeApiTestDir;
  private KubeAPIServer apiServer;
  private Process controllerManager;
  private Path adminKubeconfig;
  private Config adminConfig;
  private KubernetesClient admin;

  public ControlPlane(E2eSettings settings, Path workDir) {
    this.settings = settings;
    this.workDir = workDir;
  }

  public void start() throws IOException {
    kubeApiTestDir = LoopbackBinaries.prepare(settings, workDir);
    apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(kubeApiTestDir.toString())
        .withApiServerVersion(E2eSettings.KUBERNETES_VERSION)
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withApiServerFlag("--bind-address", "127.0.0.1")
        .withStartupTimeout(240_000)
        .build());
    apiServer.start();
    String yaml = apiServer.getKubeConfigYaml();
    adminKubeconfig = workDir.resolve("admin.kubeconfig");
    Files.writeString(adminKubeconfig, yaml);
    adminConfig = Config.fromKubeconfig(yaml);
    // A user sees the API server's first answer; fabric8 would retry a 500 "failed calling
    // webhook" (webhook down or unreachable) behind our back.
    adminConfig.setRequestRetryBackoffLimit(0);
    admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
    startControllerManager();
  }

  /** Deployments → ReplicaSets → Pods, Jobs, CronJobs: the controllers, with the admin's kubeconfig. */
  private void startControllerManager() throws IOException {
    Path certs = kubeApiTestDir;  // kube-api-test keeps its certificates and keys here
    List<String> command = new ArrayList<>(List.of(settings.controllerManager().toString(),
        "--kubeconfig", adminKubeconfig.toString(),
        "--controllers=*",
        "--use-service-account-credentials=false",
        "--service-account-private-key-file", certs.resolve("apiserver.key").toString(),
        "--root-ca-file", certs.resolve("apiserver.crt").toString(),
        "--bind-address", "127.0.0.1",
        "--secure-port", Integer.toString(freePort()),
        "--leader-elect=false"));
    controllerManager = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("kube-controller-manager.log").toFile())
        .start();
  }

  /** The cluster admin's kubeconfig file (client certificate), for processes run as a user would. */
  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  public KubernetesClient admin() {
    return admin;
  }

  /**
   * A kubeconfig that authenticates as a ServiceAccount with a bound token (TokenRequest), so
   * the process holding it has exactly the RBAC that install.yaml grants that account.
   */
  public Path serviceAccountKubeconfig(String namespace, String name) throws IOException {
    String token = admin.serviceAccounts().inNamespace(namespace).withName(name)
        .tokenRequest(new TokenRequestBuilder().withNewSpec()
            .withExpirationSeconds(Duration.ofHours(6).toSeconds()).endSpec().build())
        .getStatus().getToken();
    String user = "system:serviceaccount:" + namespace + ":" + name;
    io.fabric8.kubernetes.api.model.Config kubeconfig = new io.fabric8.kubernetes.api.model.ConfigBuilder()
        .withApiVersion("v1").withKind("Config")
        .withClusters(new NamedClusterBuilder().withName("e2e").withNewCluster()
            .withServer(adminConfig.getMasterUrl())
            .withCertificateAuthorityData(caData())
            .endCluster().build())
        .withUsers(new NamedAuthInfoBuilder().withName(user).withNewUser().withToken(token).endUser().build())
        .withContexts(new NamedContextBuilder().withName(name).withNewContext()
            .withCluster("e2e").withUser(user).withNamespace(namespace).endContext().build())
        .withCurrentContext(name)
        .build();
    Path file = workDir.resolve(name + ".kubeconfig");
    Files.writeString(file, Serialization.asYaml(kubeconfig));
    return file;
  }

  private String caData() throws IOException {
    if (adminConfig.getCaCertData() != null) {
      return adminConfig.getCaCertData();
    }
    byte[] pem = Files.readAllBytes(Path.of(adminConfig.getCaCertFile()));
    return java.util.Base64.getEncoder().encodeToString(pem);
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
    if (controllerManager != null) {
      controllerManager.destroy();
    }
    if (apiServer != null) {
      apiServer.stop();
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
