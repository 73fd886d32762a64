package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.webhook.testing.WebhookHarness;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw AdmissionReviews over HTTPS that tried to get a recalled image past the real webhook (local
 * mode on the committed examples, where forge-dev 0.13.0 x86_64 is recalled).
 */
class AdmissionBypassIT {
  static final String RECALLED_DIGEST =
      "sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a";
  static final String GOOD =
      "ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:ffcdcbe3d636c7fae9af8f71652fe4f0ad574c2eb7c804c2c6da77ef477187fa";

  @TempDir static Path dir;
  static WebhookHarness webhook;

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(WebhookIT.EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    webhook = new WebhookHarness(dir, policies, Optional.of(WebhookIT.EXAMPLES.resolve("trusted_root.json")),
        Optional.of(WebhookIT.EXAMPLES.resolve("mirror")), true, Duration.ofSeconds(8), EscapeHatches.none());
    webhook.awaitReady(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  static ObjectNode pod(String image) {
    ObjectNode pod = WebhookHarness.JSON.createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", "forge").put("namespace", "dev");
    pod.putObject("spec").putArray("containers").addObject().put("name", "forge").put("image", image);
    return pod;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "ghcr.io:443/acme-labs/forge-dev:v0.13.0@",
      "GHCR.IO/acme-labs/forge-dev:v0.13.0@",
      "Ghcr.Io:0443/acme-labs/forge-dev:v0.13.0@"})
  void deniesARecalledImageHoweverItsRegistryIsSpelled(String spelling) throws Exception {
    JsonNode response = webhook.review(pod(spelling + RECALLED_DIGEST)).path("response");

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isFalse();
    assertThat(response.at("/status/message").asText())
        .contains("spec.containers[0].image " + spelling + RECALLED_DIGEST + ": recalled by policy forge")
        .contains("CVE-2026-0001");
  }

  @Test
  void deniesARecalledImageMountedAsAnImageVolumeInAPodTemplate() throws Exception {
    ObjectNode deployment = WebhookHarness.JSON.createObjectNode();
    deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
    deployment.putObject("metadata").put("name", "forge").put("namespace", "dev");
    ObjectNode spec = pod(GOOD).with("spec").deepCopy();
    deployment.putObject("spec").putObject("template").set("spec", spec);
    assertThat(webhook.review(deployment).at("/response/allowed").asBoolean())
        .as("the same Deployment without the volume is allowed").isTrue();

    var volumes = spec.putArray("volumes");
    volumes.addObject().put("name", "scratch").putObject("emptyDir");
    volumes.addObject().put("name", "tools").putObject("image")
        .put("reference", "ghcr.io/acme-labs/forge-dev:v0.13.0@" + RECALLED_DIGEST).put("pullPolicy", "IfNotPresent");
    JsonNode response = webhook.review(deployment).path("response");

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isFalse();
    assertThat(response.at("/status/message").asText())
        .contains("spec.template.spec.volumes[1].image.reference ghcr.io/acme-labs/forge-dev:v0.13.0@")
        .contains("recalled by policy forge");
  }

  @Test
  void refusesAReviewWithTwoImageKeysInOneContainer() throws Exception {
    String review = WebhookHarness.JSON.writeValueAsString(WebhookHarness.admissionReview(pod(GOOD), "CREATE"));
    String twoImages = review.replace("\"image\":\"" + GOOD + "\"",
        "\"image\":\"" + GOOD + "\",\"image\":\"ghcr.io/acme-labs/forge-dev:v0.13.0@" + RECALLED_DIGEST + "\"");
    assertThat(twoImages).isNotEqualTo(review);

    HttpResponse<String> r = webhook.post("/validate", twoImages.getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(WebhookHarness.JSON.readTree(r.body()).path("message").asText())
        .startsWith("request body has a duplicate key \"image\" at /request/object/spec/containers/0 (line 1, column");
  }

  /** Mixed concurrent reviews, respelled and volume-mounted images included: no wrong decision. */
  @Test
  void mixedConcurrentReviewsGetNoWrongDecision() throws Exception {
    String recalled = "ghcr.io/acme-labs/forge-dev:v0.13.0@" + RECALLED_DIGEST;
    List<ObjectNode> pods = List.of(pod(GOOD), pod(recalled), pod("GHCR.IO:443/acme-labs/forge-dev:v0.13.0@" + RECALLED_DIGEST),
        pod("Ghcr.Io:0443/acme-labs/forge-dev:v0.14.1@" + GOOD.substring(GOOD.indexOf("sha256:"))), pod("docker.io/library/busybox:1.36"));
    ObjectNode withVolume = pod(GOOD);
    withVolume.with("spec").putArray("volumes").addObject().put("name", "v").putObject("image").put("reference", recalled);
    List<ObjectNode> all = new java.util.ArrayList<>(pods);
    all.add(withVolume);
    boolean[] expected = {true, false, false, true, true, false};
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 600; i++) {
        ObjectNode object = all.get(i % all.size());
        answers.add(pool.submit(() -> webhook.review(object).at("/response/allowed").asBoolean()));
      }
      int wrong = 0;
      for (int i = 0; i < answers.size(); i++) {
        wrong += answers.get(i).get(60, TimeUnit.SECONDS) == expected[i % all.size()] ? 0 : 1;
      }
      assertThat(wrong).as("wrong decisions out of " + answers.size()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
