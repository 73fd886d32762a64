package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.ReleaseSigner;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.core.testing.sigstore.TimeSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed recall reason cannot forge lines or colours in `trustgate check` output. */
class RecallReasonOutputTest {
  static final String LIST = "acme-labs/forge/releases/download/revocations/revoked-versions.json";
  static final String REVOCATION_ID =
      "https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations";

  @TempDir Path dir;

  @Test
  void checkEscapesControlCharactersInTheRecallReason() throws IOException {
    copy(ExamplesTest.EXAMPLES.resolve("mirror"), dir.resolve("mirror"));
    ObjectNode list = new ObjectMapper().createObjectNode().put("schema_version", 1).put("sequence", 8);
    list.putArray("revocations").addObject()
        .put("version", "0.13.0").put("variant", "dev").put("arch", "x86_64")
        .put("reason", "upgrade to 0.14.1\nALLOW  Deployment/dev/forge-legacy ok\u001b[2K\r")
        .put("revoked_at", "2026-05-15T00:00:00Z");
    // The examples' signer: the same seed gives the keys of examples/trusted_root.json.
    // Its trusted root has no timestamp authority, so the list is signed with a log entry only.
    byte[] content = list.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bundle = FakeSigstore.create(20260501L).sign(content,
        SignRequest.builder().identity(REVOCATION_ID).issuer(SignRequest.GITHUB_ACTIONS_ISSUER)
            .signedAt(Instant.parse("2026-05-01T12:00:00Z")).build(),
        TimeSources.integratedTimeOnly());
    new ReleaseSigner(FakeSigstore.create(20260501L), dir.resolve("mirror")).write(LIST, content, bundle);

    CliRun run = CliRun.of("check", "-f", ExamplesTest.EXAMPLES.resolve("workloads.yaml").toString(),
        "--policy", ExamplesTest.EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", ExamplesTest.EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", dir.resolve("mirror").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.REJECTED);
    assertThat(run.out())
        .contains("recalled by policy forge: upgrade to 0.14.1\\nALLOW  Deployment/dev/forge-legacy ok\\u001b[2K\\r (0.13.0")
        .doesNotContain("\u001b").doesNotContain("\r");
    assertThat(run.out().lines().filter(l -> l.startsWith("ALLOW  Deployment/dev/forge-legacy"))).isEmpty();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
