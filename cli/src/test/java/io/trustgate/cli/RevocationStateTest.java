package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `--revocation-state`: the CLI's local mode refuses a served revocation list that goes back
 * from the one accepted before, as the webhook does with status.revocationFloor. The examples
 * mirror serves sequence 7 (issued 2026-05-15) recalling 0.13.0 dev/x86_64.
 */
class RevocationStateTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final String LIST_URL = "https://github.com/acme-labs/forge/releases/download/revocations/revoked-versions.json";
  static final String CURRENT =
      "ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:ffcdcbe3d636c7fae9af8f71652fe4f0ad574c2eb7c804c2c6da77ef477187fa";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  Path pod() throws Exception {
    return Files.writeString(dir.resolve("pod.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: default}
        spec:
          containers:
            - name: forge
              image: %s
        """.formatted(CURRENT));
  }

  /** A state file whose one floor is {@code floorJson} (fields of status.revocationFloor). */
  Path state(String floorJson) throws Exception {
    return Files.writeString(dir.resolve("state.json"), "{\"revocationFloors\": [" + floorJson + "]}");
  }

  static String floor(long sequence, String issuedAt, String extraRecall) {
    return """
        {"url": "%s", "sequence": %d, "issuedAt": "%s", "sha256": "00", "acceptedAt": "2026-05-20T00:00:00Z",
         "recalls": [{"version": "0.13.0", "variant": "dev", "arch": "x86_64", "reason": "CVE-2026-0001"}%s]}
        """.formatted(LIST_URL, sequence, issuedAt, extraRecall);
  }

  CliRun check(String... extra) throws Exception {
    String[] base = {"check", "-f", pod().toString(), "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", EXAMPLES.resolve("mirror").toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void withoutStateTheServedListIsUsed() throws Exception {
    CliRun run = check();
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void aServedListOlderThanTheStateFailsClosed() throws Exception {
    CliRun run = check("--revocation-state", state(floor(8, "2026-05-16T00:00:00Z", "")).toString(), "-o", "json");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("error: policy forge: revocation list rejected: it goes back from the accepted"
        + " sequence 8", "sequence went back from 8 to 7");
    JsonNode result = JSON.readTree(run.out()).path("results").get(0);
    assertThat(result.toString()).contains("REVOCATION_LIST_ROLLBACK");
  }

  @Test
  void aServedListThatDropsARecallOfTheStateKeepsDenyingIt() throws Exception {
    String dropped = ", {\"version\": \"0.14.1\", \"variant\": \"dev\", \"arch\": \"x86_64\","
        + " \"reason\": \"build server compromised; upgrade to 0.14.2\", \"revokedAt\": \"2026-05-15T12:00:00Z\"}";
    CliRun run = check("--revocation-state", state(floor(7, "2026-05-15T00:00:00Z", dropped)).toString());
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("drops the accepted recall of 0.14.1 dev/x86_64");
    assertThat(run.out()).contains("recalled by policy forge: build server compromised; upgrade to 0.14.2");
  }

  @Test
  void updatingRecordsTheAcceptedListAndALaterRunIsBoundByIt() throws Exception {
    Path file = dir.resolve("new-state.json");
    CliRun first = check("--revocation-state", file.toString(), "--update-revocation-state");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("revocation state written to " + file);
    JsonNode written = JSON.readTree(file.toFile()).path("revocationFloors").get(0);
    assertThat(written.path("url").asText()).isEqualTo(LIST_URL);
    assertThat(written.path("sequence").asLong()).isEqualTo(7);
    assertThat(written.path("sha256").asText()).hasSize(64);
    assertThat(written.path("recalls").get(0).path("reason").asText()).startsWith("CVE-2026-0001: nix daemon");

    CliRun again = check("--revocation-state", file.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
  }

  @Test
  void updatingNeedsAFileAndAMissingFileIsAnInputError() throws Exception {
    assertThat(check("--update-revocation-state").err()).contains("--update-revocation-state needs --revocation-state FILE");
    CliRun missing = check("--revocation-state", dir.resolve("absent.json").toString());
    assertThat(missing.exitCode()).isEqualTo(Main.USAGE);
    assertThat(missing.err()).contains("does not exist");
    CliRun garbage = check("--revocation-state", Files.writeString(dir.resolve("bad.json"), "{[").toString());
    assertThat(garbage.exitCode()).isEqualTo(Main.USAGE);
    assertThat(garbage.err()).contains("cannot read revocation state");
  }

  @Test
  void aPolicyExportedWithItsStatusCarriesItsFloor() throws Exception {
    Path exported = Files.writeString(dir.resolve("exported.yaml"), Files.readString(EXAMPLES.resolve("policy.yaml"))
        + "status:\n  revocationFloor: " + floor(9, "2026-05-17T00:00:00Z", "").replace("\n", " ") + "\n");
    CliRun run = CliRun.of("check", "-f", pod().toString(), "--policy", exported.toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror", EXAMPLES.resolve("mirror").toString());
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.err()).contains("sequence went back from 9 to 7");
  }

  @Test
  void importRefusesAnOlderListAndRecordsANewerOne() throws Exception {
    Path list = EXAMPLES.resolve("mirror/acme-labs/forge/releases/download/revocations/revoked-versions.json");
    CliRun refused = ImportCommandTest.run(list, LIST_URL,
        "--revocation-state", state(floor(8, "2026-05-16T00:00:00Z", "")).toString());
    assertThat(refused.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(refused.err()).contains("refusing to import revocation list: it goes back from the accepted sequence 8");
    assertThat(refused.out()).isEmpty();

    Path fresh = dir.resolve("import-state.json");
    CliRun accepted = ImportCommandTest.run(list, LIST_URL,
        "--revocation-state", fresh.toString(), "--update-revocation-state");
    assertThat(accepted.exitCode()).as(accepted.err()).isZero();
    assertThat(JSON.readTree(fresh.toFile()).at("/revocationFloors/0/sequence").asLong()).isEqualTo(7);
  }
}
