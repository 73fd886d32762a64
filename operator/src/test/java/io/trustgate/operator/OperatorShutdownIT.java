package io.trustgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.trustgate.operator.testing.SignedReleases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.trustgate.kube.testing.ProcessLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real operator process that leads through a Lease (fabric8's mock API server): it
 * exits within seconds, every time. JOSDK's exit-on-stop-leading called System.exit from inside
 * the shutdown hook, which blocks forever.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorShutdownIT {
  static final String NAMESPACE = "tg-ns";
  static final String LEASE = "tg-lease";

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;

  @BeforeEach
  void allowLeases() {
    // JOSDK checks the Lease permissions first; the CRUD mock does not answer access reviews.
    SelfSubjectRulesReview allowed = new SelfSubjectRulesReviewBuilder().withNewStatus()
        .withIncomplete(false)
        .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
            .withVerbs("create", "update", "get").build())
        .endStatus().build();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, allowed).always();
  }

  @RepeatedTest(3)
  void sigtermWhileLeadingExitsWithinSeconds() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: test, user: {token: test}}]
        contexts: [{name: test, context: {cluster: mock, user: test, namespace: %s}}]
        current-context: test
        """.formatted(client.getMasterUrl().toString(), NAMESPACE));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), OperatorMain.class.getName(),
        "--kubeconfig", kubeconfig.toString(), "--namespace", NAMESPACE, "--lease-name", LEASE,
        "--mirror-namespace", NAMESPACE, "--offline", "--no-ssa-status-patch", "--no-recall-scan",
        "--trusted-root", SignedReleases.writeTrustedRoot(dir).toString(),
        "--webhook-url", "https://127.0.0.1:8443/", "--webhook-cert-dir", dir.toString())
        .redirectErrorStream(true)
        // A file, not a pipe: Process.destroy() closes the pipes, losing what is written after SIGTERM.
        .redirectOutput(dir.resolve("process.log").toFile());
    pb.environment().put("TRUSTGATE_LOG_FORMAT", "TEXT");
    Process process = pb.start();
    ProcessLog output = new ProcessLog(dir.resolve("process.log"));
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      Lease lease = null;
      while (System.nanoTime() < until && process.isAlive()) {
        lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        if (lease != null && lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null
            && output.lines().stream().anyMatch(l -> l.contains("trustgate operator started"))) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(lease).as("the operator took the lease; output:\n%s", output).isNotNull();

      long sigterm = System.nanoTime();
      process.destroy(); // SIGTERM

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM; output:\n%s", output)
          .isTrue();
      long exitMillis = (System.nanoTime() - sigterm) / 1_000_000;
      assertThat(exitMillis).as("ms from SIGTERM to exit; output:\n%s", output).isLessThan(15_000);
      assertThat(output.lines()).anyMatch(l -> l.contains("trustgate operator stopped"));
    } finally {
      process.destroyForcibly();
      client.leases().inNamespace(NAMESPACE).withName(LEASE).delete();
    }
  }
}
