package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed examples/ behave as the README says: the main job of a newcomer. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final String RECALL =
      "CVE-2026-0001: nix daemon in the dev image accepts unauthenticated builds; upgrade to 0.14.1";

  static CliRun check(String... extra) {
    String[] base = {"check", "-f", EXAMPLES.resolve("workloads.yaml").toString(),
        "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", EXAMPLES.resolve("mirror").toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void checkQuotesTheRecallVerbatimAndExitsOne() {
    CliRun run = check();
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.REJECTED);
    assertThat(run.out())
        .contains("DENY   Deployment/dev/forge-legacy spec.template.spec.containers[0].image")
        .contains("recalled by policy forge: " + RECALL + " (0.13.0 dev/x86_64, revoked 2026-05-15T00:00:00Z)")
        .contains("ALLOW  Deployment/dev/forge-web spec.template.spec.containers[0].image")
        .contains("ALLOW  StatefulSet/dev/forge-arm")
        .contains("ALLOW  CronJob/ci/forge-builder")
        .contains("8 container image(s) checked: 5 allowed, 3 denied");
    assertThat(run.out()).containsPattern("DENY   Pod/dev/forge-tampered .*SIGNATURE_INVALID|DENY   Pod/dev/forge-tampered .*signature");
    assertThat(run.out()).contains("DENY   Job/dev/forge-migrate").contains("not pinned by digest");
  }

  @Test
  void jsonOutputCarriesReasonCodes() throws Exception {
    CliRun run = check("-o", "json");
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.path("allowed").asBoolean(true)).isFalse();
    assertThat(root.path("results")).hasSize(8);
    JsonNode legacy = null;
    for (JsonNode r : root.path("results")) {
      if (r.at("/object/name").asText().equals("forge-legacy")) {
        legacy = r;
      }
    }
    assertThat(legacy).isNotNull();
    assertThat(legacy.at("/findings/0/reason").asText()).isEqualTo("RECALLED");
    assertThat(legacy.at("/findings/0/message").asText()).contains(RECALL);
  }

  @Test
  void verifyManifestAcceptsAnExampleRelease() {
    Path manifest = EXAMPLES.resolve("mirror/acme-labs/forge/releases/download/v0.14.1/dev-image-x86_64.manifest.json");
    CliRun run = CliRun.of("verify-manifest", manifest.toString(),
        "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Verified OK: 0.14.1 dev/x86_64 signed by https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.1");
    assertThat(run.out()).contains("dev-image-x86_64.oci");
  }

  @Test
  void verifyManifestRejectsTheTamperedExample() {
    Path manifest = EXAMPLES.resolve("mirror/acme-labs/forge/releases/download/v0.12.0/dev-image-x86_64.manifest.json");
    CliRun run = CliRun.of("verify-manifest", manifest.toString(),
        "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString());
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("SIGNATURE_INVALID");
  }
}
