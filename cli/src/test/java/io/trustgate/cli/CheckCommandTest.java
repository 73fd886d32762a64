package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input errors exit 2 with a message that says what to fix. */
class CheckCommandTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  @TempDir Path dir;

  CliRun check(Path workloads, Path policy) {
    return CliRun.of("check", "-f", workloads.toString(), "--policy", policy.toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", EXAMPLES.resolve("mirror").toString());
  }

  @Test
  void invalidPolicyIsReportedWithFieldPaths() throws Exception {
    String policy = Files.readString(EXAMPLES.resolve("policy.yaml"))
        .replace("identity: \"https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations\"",
            "identityRegex: \"(unclosed\"");
    Path p = Files.writeString(dir.resolve("policy.yaml"), policy);
    CliRun run = check(EXAMPLES.resolve("workloads.yaml"), p);
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("policy forge: spec.revocations.signer.identityRegex:");
  }

  @Test
  void unknownPolicyFieldsAreErrorsNotSilentlyIgnored() throws Exception {
    String policy = Files.readString(EXAMPLES.resolve("policy.yaml")).replace("requireDigest: true", "requireDigests: true");
    CliRun run = check(EXAMPLES.resolve("workloads.yaml"), Files.writeString(dir.resolve("p.yaml"), policy));
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("requireDigests");
  }

  @Test
  void malformedYamlIsAUsageError() throws Exception {
    Path bad = Files.writeString(dir.resolve("w.yaml"), "kind: Pod\nspec: [unclosed\n");
    CliRun run = check(bad, EXAMPLES.resolve("policy.yaml"));
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("error: ").contains("w.yaml");
  }

  @Test
  void fileWithoutWorkloadsIsAUsageError() throws Exception {
    Path cm = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    CliRun run = check(cm, EXAMPLES.resolve("policy.yaml"));
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("no Pod or workload");
  }

  @Test
  void allowedWorkloadsExitZero() throws Exception {
    Path pod = Files.writeString(dir.resolve("pod.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: default}
        spec:
          containers:
            - name: web
              image: nginx:1.27
        """);
    CliRun run = check(pod, EXAMPLES.resolve("policy.yaml"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("ALLOW  Pod/default/web spec.containers[0].image nginx:1.27: not governed by any policy");
  }

  @Test
  void configMapTrustRootNeedsAnExplicitFileOffline() throws Exception {
    String policy = Files.readString(EXAMPLES.resolve("policy.yaml"))
        .replace("publicGood: {}", "configMapRef: {namespace: trustgate-system, name: sigstore-root}");
    Path p = Files.writeString(dir.resolve("p.yaml"), policy);
    CliRun run = CliRun.of("check", "-f", EXAMPLES.resolve("workloads.yaml").toString(), "--policy", p.toString(),
        "--mirror", EXAMPLES.resolve("mirror").toString());
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("--trusted-root");
  }
}
