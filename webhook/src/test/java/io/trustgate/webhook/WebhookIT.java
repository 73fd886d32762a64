package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.workload.WorkloadDocuments;
import io.trustgate.webhook.testing.WebhookHarness;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real webhook over HTTPS, in local mode on the committed examples (the same inputs as the
 * README's `trustgate check` run): its decisions must be the ones `check` prints.
 */
class WebhookIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final String RECALL =
      "CVE-2026-0001: nix daemon in the dev image accepts unauthenticated builds; upgrade to 0.14.1";

  @TempDir static Path dir;
  static WebhookHarness webhook;
  static Map<String, JsonNode> workloads = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    webhook = new WebhookHarness(dir, policies, Optional.of(EXAMPLES.resolve("trusted_root.json")),
        Optional.of(EXAMPLES.resolve("mirror")), true, Duration.ofSeconds(8), EscapeHatches.none());
    webhook.awaitReady(Duration.ofSeconds(30));
    for (JsonNode doc : WorkloadDocuments.readYaml(EXAMPLES.resolve("workloads.yaml"))) {
      workloads.put(doc.at("/metadata/name").asText(), doc);
    }
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  @Test
  void agreesWithTrustgateCheckOnTheExamples() throws Exception {
    Map<String, Boolean> expected = Map.of(
        "forge-web", true, "forge-legacy", false, "forge-arm", true,
        "forge-tampered", false, "forge-migrate", false, "forge-builder", true);
    assertThat(workloads.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (var e : workloads.entrySet()) {
      JsonNode response = webhook.review(e.getValue()).path("response");
      assertThat(response.path("allowed").asBoolean()).as(e.getKey() + ": " + response).isEqualTo(expected.get(e.getKey()));
    }
  }

  @Test
  void deniesRecalledDeploymentWithTheReasonVerbatim() throws Exception {
    JsonNode review = WebhookHarness.admissionReview(workloads.get("forge-legacy"), "CREATE");
    HttpResponse<String> r = webhook.post("/validate", WebhookHarness.JSON.writeValueAsBytes(review), "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode response = WebhookHarness.JSON.readTree(r.body());
    assertThat(response.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(response.at("/response/uid").asText()).isEqualTo(review.at("/request/uid").asText());
    assertThat(response.at("/response/allowed").asBoolean()).isFalse();
    assertThat(response.at("/response/status/code").asInt()).isEqualTo(403);
    assertThat(response.at("/response/status/message").asText())
        .contains("spec.template.spec.containers[0].image ghcr.io/acme-labs/forge-dev:v0.13.0@sha256:")
        .contains("recalled by policy forge: " + RECALL + " (0.13.0 dev/x86_64, revoked 2026-05-15T00:00:00Z)");
  }

  @Test
  void malformedJsonIsA400WithAShortMessage() throws Exception {
    HttpResponse<String> r = webhook.post("/validate", "{\"apiVersion\": ".getBytes(), "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("not valid JSON").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void bodiesAboveTheLimitAreRefusedWithoutAStackTrace() throws Exception {
    byte[] huge = new byte[(3 << 20) + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> r = webhook.post("/validate", huge, "application/json");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void probesAndMetricsAnswer() throws Exception {
    assertThat(webhook.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(webhook.get("/readyz").body()).isEqualTo("ready\n");
    webhook.review(workloads.get("forge-legacy"));
    HttpResponse<String> metrics = webhook.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains(
        "trustgate_admission_requests_total{decision=\"denied\",dry_run=\"false\",kind=\"Deployment\",operation=\"CREATE\"}",
        "trustgate_findings_total{level=\"DENY\",reason=\"RECALLED\"}",
        "trustgate_admission_duration_seconds_bucket",
        "trustgate_manifest_cache_hits_total",
        "trustgate_manifest_cache_stale_served_total",
        "trustgate_manifest_cache_refreshes_total",
        "trustgate_manifest_cache_refreshes_deferred_total",
        "trustgate_revocation_list_sequence{policy=\"forge\"} 7.0",
        "trustgate_revocation_list_age_seconds{policy=\"forge\"}",
        "trustgate_evidence_fetch_duration_seconds_count{outcome=\"found\",source=\"mirror-dir\"}",
        "trustgate_ready 1.0");
  }

  @Test
  void nonWorkloadObjectsAreAllowed() throws Exception {
    JsonNode cm = WebhookHarness.JSON.readTree("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"dev\"}}");
    assertThat(webhook.review(cm).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  void concurrentReviewsAllGetAnswers() throws Exception {
    List<java.util.concurrent.CompletableFuture<Boolean>> results = new java.util.ArrayList<>();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 200; i++) {
        JsonNode w = workloads.get(i % 2 == 0 ? "forge-web" : "forge-legacy");
        results.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return webhook.review(w).at("/response/allowed").asBoolean();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, pool));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(i % 2 == 0);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
