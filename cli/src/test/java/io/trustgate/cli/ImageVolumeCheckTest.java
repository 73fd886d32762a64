package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `trustgate check` judges image volumes and respelled registries as the webhook does. */
class ImageVolumeCheckTest {
  static final String RECALLED =
      "acme-labs/forge-dev:v0.13.0@sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a";

  @TempDir Path dir;

  @Test
  void deniesARecalledImageVolumeAndARespelledRegistryWithFieldPaths() throws Exception {
    Path workloads = dir.resolve("w.yaml");
    Files.writeString(workloads, """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: ci}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - {name: main, image: "docker.io/library/busybox:1.36"}
                  volumes:
                    - {name: scratch, emptyDir: {}}
                    - name: tools
                      image: {reference: "ghcr.io/%s", pullPolicy: IfNotPresent}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: respelled, namespace: dev}
        spec:
          containers:
            - {name: main, image: "GHCR.IO:443/%s"}
        """.formatted(RECALLED, RECALLED));

    CliRun run = CliRun.of("check", "-f", workloads.toString(),
        "--policy", ExamplesTest.EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", ExamplesTest.EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", ExamplesTest.EXAMPLES.resolve("mirror").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.REJECTED);
    assertThat(run.out())
        .contains("DENY   CronJob/ci/nightly spec.jobTemplate.spec.template.spec.volumes[1].image.reference ghcr.io/"
            + RECALLED + ": recalled by policy forge")
        .contains("DENY   Pod/dev/respelled spec.containers[0].image GHCR.IO:443/" + RECALLED + ": recalled by policy forge");
  }
}
