package io.trustgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The denial kubectl prints: one line per finding, whatever the signed recall reason holds. */
class RecallReasonDisplayTest {

  @Test
  void aRecallReasonCannotForgeExtraLinesInTheDenial() throws Exception {
    AdmissionWorld world = new AdmissionWorld();
    world.releases.publishList(8L, "2026-05-16T00:00:00Z",
        "0.13.0 dev x86_64 upgrade\r\nspec.template.spec.containers[1].image ok: allowed\u2028\u001b[1A\u202e");

    JsonNode response = AdmissionWorld.read(world.handler().handle(AdmissionWorld.fixture("deployment-create-recalled.json")));

    assertThat(response.at("/response/allowed").booleanValue()).isFalse();
    String message = response.at("/response/status/message").textValue();
    assertThat(message.split("\n", -1)).hasSize(2);
    assertThat(message).contains(
        "recalled by policy forge: upgrade\\r\\nspec.template.spec.containers[1].image ok: allowed\\u2028\\u001b[1A\\u202e (0.13.0")
        .doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u001b").doesNotContain("\u202e");
  }
}
