package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl get pods -A -o yaml | trustgate check -f -}: kubectl prints one {@code kind: List}
 * whose items are full Pods (status, managed metadata, owner references); a real process reads
 * it from standard input and judges every Pod.
 */
class PodListFromStdinTest {
  @TempDir Path dir;

  static final String KUBECTL_GET_PODS = """
      apiVersion: v1
      items:
      - apiVersion: v1
        kind: Pod
        metadata:
          creationTimestamp: "2026-06-01T10:00:00Z"
          generateName: forge-legacy-6d5f7c9b8-
          labels:
            app: forge-legacy
            pod-template-hash: 6d5f7c9b8
          name: forge-legacy-6d5f7c9b8-x2k4q
          namespace: dev
          ownerReferences:
          - apiVersion: apps/v1
            blockOwnerDeletion: true
            controller: true
            kind: ReplicaSet
            name: forge-legacy-6d5f7c9b8
            uid: 0d9d4f9e-3c1b-4f7e-9a55-1f0c2a7b8e11
          resourceVersion: "48213"
          uid: 5b0f5a7e-8f44-4c4b-a3c0-9d2f6f1e7a20
        spec:
          containers:
          - image: ghcr.io/acme-labs/forge-dev:v0.13.0@sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a
            imagePullPolicy: IfNotPresent
            name: forge
            resources: {}
          dnsPolicy: ClusterFirst
          restartPolicy: Always
        status:
          containerStatuses:
          - image: ghcr.io/acme-labs/forge-dev:v0.13.0@sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a
            imageID: ghcr.io/acme-labs/forge-dev@sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a
            name: forge
            ready: true
            restartCount: 0
          phase: Running
      - apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: default
          uid: 9a3e2d1c-1111-4222-8333-944455556666
        spec:
          containers:
          - image: nginx:1.27
            name: web
        status:
          phase: Running
      kind: List
      metadata:
        resourceVersion: ""
      """;

  @Test
  void judgesEveryPodOfAKubectlListReadFromStandardInput() throws Exception {
    Path in = Files.writeString(dir.resolve("pods.yaml"), KUBECTL_GET_PODS);
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "check", "-f", "-",
        "--policy", ExamplesTest.EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", ExamplesTest.EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", ExamplesTest.EXAMPLES.resolve("mirror").toString()))
        .redirectInput(in.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS); // a guard against a hang only
    if (!exited) {
      process.destroyForcibly();
    }

    assertThat(exited).isTrue();
    String out = Files.readString(dir.resolve("out.txt"));
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isEqualTo(Main.REJECTED);
    assertThat(out).contains("DENY   Pod/dev/forge-legacy-6d5f7c9b8-x2k4q spec.containers[0].image "
        + "ghcr.io/acme-labs/forge-dev:v0.13.0@sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a:"
        + " recalled by policy forge: CVE-2026-0001");
    assertThat(out).contains("ALLOW  Pod/default/web spec.containers[0].image nginx:1.27: not governed by any policy");
  }
}
