package io.trustgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trustgate.webhook.testing.WebhookHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** /validate-trustpolicy refuses what the compiler's limits refuse, with field paths. */
class TrustPolicyLimitsReviewTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void deniesATinyRefreshIntervalAMetadataUrlAndAnExplodingRegex() throws Exception {
    ObjectNode policy = (ObjectNode) new ObjectMapper(new YAMLFactory())
        .readTree(Path.of("..", "examples", "policy.yaml").toFile());
    ObjectNode revocations = policy.with("spec").with("revocations");
    revocations.put("refreshInterval", "1ms").put("url", "http://[::ffff:a9fe:a9fe]/latest/meta-data");
    policy.with("spec").with("manifests").with("signer").put("identityRegex", "((((a{100}){100}){100}){100})");

    JsonNode response = JSON.readTree(new TrustPolicyReviewHandler().handle(
        JSON.writeValueAsBytes(WebhookHarness.admissionReview(policy, "CREATE")))).path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .contains("spec.revocations.refreshInterval: must be at least 10s, got 1ms")
        .contains("spec.revocations.url: points at a link-local or cloud metadata address ([::ffff:a9fe:a9fe])")
        .contains("spec.manifests.signer.identityRegex: nested counted repetitions expand to 10000 copies, more than the limit of 1000");
  }
}
