package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real `trustgate check` process refuses oversized input at once, naming the limit. */
class InputLimitsProcessTest {
  @TempDir Path dir;

  @Test
  void refusesATwentyMegabyteWorkloadFileNamingTheLimit() throws Exception {
    Path big = dir.resolve("big.yaml");
    try (Writer w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      String pod = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
          + "    - {name: c, image: \"ghcr.io/acme-labs/forge-dev:v0.13.0\"}\n";
      for (long written = 0; written < 20L << 20; written += pod.length()) {
        w.write(pod);
      }
    }

    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "check", "-f", big.toString(),
        "--policy", ExamplesTest.EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", ExamplesTest.EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", ExamplesTest.EXAMPLES.resolve("mirror").toString()))
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
    // A guard against a hang, not a speed assertion: unbounded, this input never finished.
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }

    assertThat(exited).as("trustgate check exited").isTrue();
    assertThat(process.exitValue()).isEqualTo(Main.USAGE);
    assertThat(Files.readString(dir.resolve("err.txt")))
        .contains(big + ": workload file is " + Files.size(big) + " bytes, larger than the limit of 4194304 bytes (4 MiB)")
        .doesNotContain("Exception");
  }

  @Test
  void refusesOversizedStandardInputAndPolicyFilesNamingTheLimit() throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, Files.readString(ExamplesTest.EXAMPLES.resolve("policy.yaml")) + "#" + "x".repeat(1 << 20));

    CliRun run = CliRun.of("check", "-f", ExamplesTest.EXAMPLES.resolve("workloads.yaml").toString(),
        "--policy", policy.toString(), "--mirror", ExamplesTest.EXAMPLES.resolve("mirror").toString(),
        "--trusted-root", ExamplesTest.EXAMPLES.resolve("trusted_root.json").toString());

    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("policy file is " + Files.size(policy) + " bytes, larger than the limit of 1048576 bytes (1 MiB)");
  }

  @Test
  void refusesOversizedManifestsAndBundlesNamingTheLimit() throws IOException {
    Path manifest = dir.resolve("m.json");
    Files.write(manifest, new byte[(1 << 20) + 1]);

    CliRun run = CliRun.of("verify-manifest", manifest.toString(), "--policy",
        ExamplesTest.EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", ExamplesTest.EXAMPLES.resolve("trusted_root.json").toString());

    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains(manifest + ": manifest is 1048577 bytes, larger than the limit of 1048576 bytes (1 MiB)");
  }
}
