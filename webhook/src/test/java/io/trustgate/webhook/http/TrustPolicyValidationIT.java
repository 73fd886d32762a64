package io.trustgate.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.webhook.testing.WebhookHarness;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /validate-trustpolicy} over real HTTPS. */
class TrustPolicyValidationIT {
  static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir static Path dir;
  static WebhookHarness webhook;
  static ObjectNode policy;

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    webhook = new WebhookHarness(dir, policies, Optional.of(EXAMPLES.resolve("trusted_root.json")),
        Optional.of(EXAMPLES.resolve("mirror")), true, Duration.ofSeconds(8), EscapeHatches.none());
    policy = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(EXAMPLES.resolve("policy.yaml").toFile());
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  @Test
  void allowsAValidPolicy() throws Exception {
    HttpResponse<String> r = post(WebhookHarness.admissionReview(policy, "CREATE"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(WebhookHarness.JSON.readTree(r.body()).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  void deniesAnInvalidRegexWithHttp200AndTheFieldPath() throws Exception {
    ObjectNode bad = policy.deepCopy();
    ((ObjectNode) bad.at("/spec/manifests/signer")).put("identityRegex", "(unclosed");

    HttpResponse<String> r = post(WebhookHarness.admissionReview(bad, "CREATE"));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode response = WebhookHarness.JSON.readTree(r.body()).path("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText()).contains("\nspec.manifests.signer.identityRegex: ");
  }

  @Test
  void malformedBodiesAreA400WithoutAStackTrace() throws Exception {
    HttpResponse<String> r = webhook.post("/validate-trustpolicy", "{\"apiVersion\": ".getBytes(), "application/json");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(WebhookHarness.JSON.readTree(r.body()).path("message").asText()).startsWith("request body is not valid JSON");
    assertThat(r.body()).doesNotContain("at io.").doesNotContain("Exception");
  }

  static HttpResponse<String> post(ObjectNode review) throws Exception {
    return webhook.post("/validate-trustpolicy", WebhookHarness.JSON.writeValueAsBytes(review), "application/json");
  }
}
