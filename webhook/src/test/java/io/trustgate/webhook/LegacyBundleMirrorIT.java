package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.testing.sigstore.LegacyBundleWriter;
import io.trustgate.core.workload.WorkloadDocuments;
import io.trustgate.webhook.testing.WebhookHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real webhooks over HTTPS on the committed examples: one on the release mirror as committed
 * (Sigstore bundles), one on the same mirror with every bundle, manifests and revocation list
 * alike, in cosign's legacy format. Every admission response must be the same.
 */
class LegacyBundleMirrorIT {
  static final Path EXAMPLES = WebhookIT.EXAMPLES;

  @TempDir static Path dir;
  static WebhookHarness sigstore;
  static WebhookHarness legacy;
  static Map<String, JsonNode> workloads = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    Path legacyMirror = dir.resolve("legacy-mirror");
    assertThat(LegacyBundleWriter.convertMirror(EXAMPLES.resolve("mirror"), legacyMirror)).isNotEmpty();
    sigstore = harness("sigstore", policies, EXAMPLES.resolve("mirror"));
    legacy = harness("legacy", policies, legacyMirror);
    for (JsonNode doc : WorkloadDocuments.readYaml(EXAMPLES.resolve("workloads.yaml"))) {
      workloads.put(doc.at("/metadata/name").asText(), doc);
    }
  }

  static WebhookHarness harness(String name, Path policies, Path mirror) throws Exception {
    WebhookHarness h = new WebhookHarness(Files.createDirectories(dir.resolve(name)), policies,
        Optional.of(EXAMPLES.resolve("trusted_root.json")), Optional.of(mirror), true,
        Duration.ofSeconds(8), EscapeHatches.none());
    h.awaitReady(Duration.ofSeconds(30));
    return h;
  }

  @AfterAll
  static void stop() {
    if (sigstore != null) {
      sigstore.close();
    }
    if (legacy != null) {
      legacy.close();
    }
  }

  static JsonNode response(WebhookHarness webhook, JsonNode workload) throws Exception {
    ObjectNode response = (ObjectNode) webhook.review(workload).path("response").deepCopy();
    response.remove("uid");
    return response;
  }

  /**
   * The response up to the verifier's own detail of why a signature failed, which names what each
   * format records (a message digest, or the log entry's digest).
   */
  static String withoutVerifierDetail(JsonNode response) {
    return response.toString().replaceAll(
        "(The signature does not verify over the artifact: )[^;\"]*", "$1<detail>");
  }

  @Test
  void theTamperedReleaseIsDeniedForItsSignatureInBothFormats() throws Exception {
    JsonNode expected = response(sigstore, workloads.get("forge-tampered"));
    JsonNode actual = response(legacy, workloads.get("forge-tampered"));
    assertThat(actual.path("allowed").asBoolean()).isFalse();
    assertThat(expected.path("allowed").asBoolean()).isFalse();
    assertThat(actual.at("/status/message").asText())
        .contains("the legacy cosign bundle was made for other bytes");
  }

  @Test
  void everyAdmissionIsDecidedAsWithSigstoreBundles() throws Exception {
    assertThat(workloads).hasSize(6);
    int denied = 0;
    for (var e : workloads.entrySet()) {
      JsonNode expected = response(sigstore, e.getValue());
      JsonNode actual = response(legacy, e.getValue());
      assertThat(actual.path("allowed")).as(e.getKey()).isEqualTo(expected.path("allowed"));
      assertThat(withoutVerifierDetail(actual)).as(e.getKey()).isEqualTo(withoutVerifierDetail(expected));
      denied += expected.path("allowed").asBoolean() ? 0 : 1;
    }
    assertThat(denied).isEqualTo(3);
  }

  @Test
  void theRecallIsQuotedFromTheLegacySignedRevocationList() throws Exception {
    JsonNode response = response(legacy, workloads.get("forge-legacy"));
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .contains("recalled by policy forge: " + WebhookIT.RECALL);
  }
}
