package io.trustgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trustgate.webhook.testing.WebhookHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TrustPolicy CREATE/UPDATE judged by the policy compiler, AdmissionReview bytes in and out. */
class TrustPolicyReviewHandlerTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  final TrustPolicyReviewHandler handler = new TrustPolicyReviewHandler();
  ObjectNode policy;

  @BeforeEach
  void readExample() throws Exception {
    policy = (ObjectNode) YAML.readTree(Path.of("..", "examples", "policy.yaml").toFile());
  }

  @Test
  void allowsAValidPolicyEchoingTheUid() throws Exception {
    ObjectNode review = WebhookHarness.admissionReview(policy, "CREATE");

    JsonNode response = respond(review).path("response");

    assertThat(response.path("uid").asText()).isEqualTo(review.at("/request/uid").asText());
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("status")).isFalse();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void deniesAnInvalidRegexWithItsFieldPath() throws Exception {
    signer().put("identityRegex", "https://github\\.com/acme-labs/forge/(unclosed");
    policy.with("spec").putArray("images");

    JsonNode response = respond(WebhookHarness.admissionReview(policy, "UPDATE")).path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/code").asInt()).isEqualTo(422);
    assertThat(response.at("/status/reason").asText()).isEqualTo("Invalid");
    String[] lines = response.at("/status/message").asText().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("spec.manifests.signer.identityRegex: "));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("spec.images: "));
    assertThat(response.at("/status/details/causes")).hasSize(2);
  }

  @Test
  void admitsWithWarningsWhatOnlyLints() throws Exception {
    signer().put("identityRegex", "https://github.com/acme-labs/forge/.*@refs/tags/v{version}");

    JsonNode response = respond(WebhookHarness.admissionReview(policy, "CREATE")).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings")).isNotEmpty();
    assertThat(response.path("warnings").get(0).asText()).contains("spec.manifests.signer.identityRegex")
        .contains("unescaped '.'");
  }

  @Test
  void deniesUnknownFieldsNamingThem() throws Exception {
    signer().put("identityRegexp", "x");

    JsonNode response = respond(WebhookHarness.admissionReview(policy, "CREATE")).path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .contains("\nspec.manifests.signer.identityRegexp: unknown field; known fields here: [");
  }

  @Test
  void deniesAWrongEnumValueAtItsField() throws Exception {
    policy.with("spec").put("mode", "Sometimes");

    JsonNode response = respond(WebhookHarness.admissionReview(policy, "CREATE")).path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText()).contains("spec.mode: ");
  }

  @Test
  void allowsDeletesAndOtherKindsUnjudged() throws Exception {
    policy.with("spec").putArray("images");
    assertThat(respond(WebhookHarness.admissionReview(policy, "DELETE")).at("/response/allowed").asBoolean()).isTrue();
    policy.put("kind", "ConfigMap");
    assertThat(respond(WebhookHarness.admissionReview(policy, "CREATE")).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  void refusesBodiesThatAreNotAdmissionReviews() {
    assertThatThrownBy(() -> handler.handle("{\"apiVersion\": ".getBytes()))
        .isInstanceOf(InvalidAdmissionReviewException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> handler.handle("{\"kind\":\"TrustPolicy\"}".getBytes()))
        .isInstanceOf(InvalidAdmissionReviewException.class).hasMessageContaining("apiVersion");
  }

  ObjectNode signer() {
    return (ObjectNode) policy.with("spec").with("manifests").with("signer");
  }

  JsonNode respond(ObjectNode review) throws Exception {
    return JSON.readTree(handler.handle(JSON.writeValueAsBytes(review)));
  }
}
