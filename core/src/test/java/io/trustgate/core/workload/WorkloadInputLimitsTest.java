package io.trustgate.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.trustgate.core.format.InputLimits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workload YAML is bounded before and during parsing: size, nesting depth and aliases. */
class WorkloadInputLimitsTest {

  private static Throwable reading(String yaml) {
    return catchThrowable(() -> WorkloadDocuments.readYaml(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void refusesAFileAboveTheLimitBeforeParsingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.yaml");
    // Not even YAML: a parser would fail on the first line, the size check comes first.
    Files.write(file, new byte[InputLimits.MAX_WORKLOAD_BYTES + 1]);

    Throwable thrown = catchThrowable(() -> WorkloadDocuments.readYaml(file));

    assertThat(thrown).isInstanceOf(InputLimits.TooLargeException.class)
        .hasMessage("workload file is 4194305 bytes, larger than the limit of 4194304 bytes (4 MiB)");
  }

  @Test
  void refusesAStreamAboveTheLimit() {
    assertThat(reading("a: " + "x".repeat(InputLimits.MAX_WORKLOAD_BYTES)))
        .isInstanceOf(InputLimits.TooLargeException.class)
        .hasMessage("workload input is larger than the limit of 4194304 bytes (4 MiB)");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String deep = "a: " + "[".repeat(InputLimits.MAX_YAML_NESTING + 1) + "]".repeat(InputLimits.MAX_YAML_NESTING + 1);

    assertThat(reading(deep)).isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("nesting depth");
    assertThat(catchThrowable(() -> WorkloadDocuments.readYaml(new ByteArrayInputStream(
        ("a: " + "[".repeat(40) + "]".repeat(40)).getBytes(StandardCharsets.UTF_8))))).isNull();
  }

  /** kubectl expands aliases; Jackson would read the alias name: refuse rather than misjudge. */
  @Test
  void refusesYamlAliasesWhichKubectlWouldExpand() {
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, annotations: {recalled: &img "ghcr.io/acme-labs/forge-dev:v0.13.0"}}
        spec:
          containers:
            - name: c
              image: *img
        """;

    Throwable thrown = reading(yaml);

    assertThat(thrown).isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("YAML alias *img is not supported");
    assertThat(thrown.getMessage()).doesNotContain("\n");
  }
}
