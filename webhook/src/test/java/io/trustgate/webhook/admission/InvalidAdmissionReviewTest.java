package io.trustgate.webhook.admission;

import static io.trustgate.webhook.admission.AdmissionWorld.bytes;
import static io.trustgate.webhook.admission.AdmissionWorld.fixtureTree;
import static io.trustgate.webhook.admission.AdmissionWorld.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies that are not AdmissionReviews, and reviews whose objects are hostile. */
class InvalidAdmissionReviewTest {
  final AdmissionWorld world = new AdmissionWorld();
  final AdmissionReviewHandler handler = world.handler();

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  String rejection(byte[] body) {
    try {
      handler.handle(body);
    } catch (InvalidAdmissionReviewException e) {
      assertThat(world.observed).as("invalid reviews are not observed").isEmpty();
      return e.getMessage();
    }
    throw new AssertionError("expected the body to be rejected");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "``                                         | request body is empty; expected an AdmissionReview",
    "`   `                                      | request body holds no JSON value; expected an AdmissionReview",
    "`{\"apiVersion\": \"admission.k8s.io/v1\",` | request body is not valid JSON: Unexpected end-of-input",
    "`{\"apiVersion\": admission}`              | request body is not valid JSON: Unrecognized token 'admission'",
    "`{} {}`                                    | request body is not valid JSON: Trailing token",
    "`[]`                                       | request body must be a JSON object (an AdmissionReview), got array",
    "`null`                                     | request body must be a JSON object (an AdmissionReview), got null",
    "`\"AdmissionReview\"`                      | request body must be a JSON object (an AdmissionReview), got string",
  })
  void rejectsBodiesThatAreNotAJsonObject(String body, String expected) {
    assertThat(rejection(utf8(body))).startsWith(expected).doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void rejectsAnotherAdmissionReviewVersionNamingTheOneItSpeaks() {
    ObjectNode review = fixtureTree("pod-create.json").put("apiVersion", "admission.k8s.io/v1beta1");

    assertThat(rejection(bytes(review))).isEqualTo(
        "unsupported AdmissionReview apiVersion \"admission.k8s.io/v1beta1\": trustgate accepts "
            + "admission.k8s.io/v1 (set admissionReviewVersions: [v1] on the webhook)");
  }

  @Test
  void rejectsAMissingApiVersion() {
    ObjectNode review = fixtureTree("pod-create.json");
    review.remove("apiVersion");

    assertThat(rejection(bytes(review))).startsWith("unsupported AdmissionReview apiVersion none:");
  }

  @Test
  void rejectsAnotherKind() {
    ObjectNode review = fixtureTree("pod-create.json").put("kind", "Pod");

    assertThat(rejection(bytes(review))).isEqualTo("expected kind AdmissionReview, got \"Pod\"");
  }

  @Test
  void rejectsAReviewWithoutRequest() {
    ObjectNode review = fixtureTree("pod-create.json");
    review.remove("request");
    review.putObject("response").put("uid", "x").put("allowed", true);

    assertThat(rejection(bytes(review))).isEqualTo("AdmissionReview has no request object");
  }

  @ParameterizedTest(name = "uid {0}")
  @CsvSource({"missing", "empty", "number"})
  void rejectsARequestWithoutAUidToEcho(String variant) {
    ObjectNode review = fixtureTree("pod-create.json");
    ObjectNode request = (ObjectNode) review.get("request");
    switch (variant) {
      case "missing":
        request.remove("uid");
        break;
      case "empty":
        request.put("uid", "");
        break;
      default:
        request.put("uid", 42);
    }

    assertThat(rejection(bytes(review))).isEqualTo("AdmissionReview request.uid is missing or not a non-empty string");
  }

  @Test
  void rejectsAJudgedRequestWithoutAnObject() {
    ObjectNode review = fixtureTree("pod-create.json");
    ((ObjectNode) review.get("request")).putNull("object");

    assertThat(rejection(bytes(review)))
        .isEqualTo("AdmissionReview request.object must be a JSON object for CREATE of Pod");
  }

  @Test
  void cutsLongQuotedValuesInMessages() {
    ObjectNode review = fixtureTree("pod-create.json").put("kind", "K".repeat(10_000) + "\n");

    assertThat(rejection(bytes(review))).hasSizeLessThan(120).endsWith("K…\"");
  }

  @Test
  void rejectsNestingDeeperThanJacksonsLimitWithoutOverflowingTheStack() {
    String pod = new String(bytes(fixtureTree("pod-create.json")), StandardCharsets.UTF_8);
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    String body = pod.replace("\"enableServiceLinks\":true", "\"enableServiceLinks\":true,\"deep\":" + deep);
    assertThat(body).contains(deep);

    assertThat(rejection(utf8(body)))
        .startsWith("request body exceeds a JSON parsing limit: Document nesting depth (1001) exceeds");
  }

  @Test
  void answersObjectsWithOddShapesByDenyingWhatIsNotAnImage() throws Exception {
    JsonNode response = read(handler.handle(AdmissionWorld.fixture("pod-create-odd-shapes.json")));

    assertThat(response.at("/response/uid").textValue()).isEqualTo("6e7f8a9b-0c1d-4e2f-9a4b-5c6d7e8f9a0b");
    assertThat(response.at("/response/allowed").booleanValue()).isFalse();
    // containers: image 42, image [..], no image, "not-a-container", 7, null; initContainers "x"
    // and ephemeralContainers {} are not lists and hold nothing to run.
    String[] lines = response.at("/response/status/message").textValue().split("\n");
    assertThat(lines[0]).isEqualTo("trustgate denied Pod prod/odd:");
    assertThat(lines).hasSize(7);
    for (int i = 0; i < 6; i++) {
      assertThat(lines[i + 1]).startsWith("spec.containers[" + i + "].image (no image): not a valid image reference");
    }
    assertThat(world.onlyOutcome().decision().findings()).extracting(Finding::reason)
        .containsOnly(Reason.INVALID_IMAGE_REF);
  }

  @Test
  void answersHugeAndMalformedImageStringsWithADenial() throws Exception {
    ObjectNode review = fixtureTree("pod-create.json");
    ArrayNode containers = (ArrayNode) review.at("/request/object/spec/containers");
    ((ObjectNode) containers.get(0)).put("image", AdmissionWorld.GOOD + "a".repeat(200_000));
    ((ObjectNode) containers.get(1)).put("image", "ghcr.io/acme-labs/forge-dev:v0.14.0\ud800");

    JsonNode response = read(handler.handle(bytes(review)));

    assertThat(response.at("/response/allowed").booleanValue()).isFalse();
    assertThat(world.onlyOutcome().decision().denials()).extracting(Finding::fieldPath)
        .containsExactly("spec.containers[0].image", "spec.containers[1].image");
  }

  @Test
  void answersAPodWithoutSpecAsNothingToRun() throws Exception {
    ObjectNode review = fixtureTree("pod-create.json");
    ((ObjectNode) review.at("/request/object")).remove("spec");

    JsonNode response = read(handler.handle(bytes(review)));

    assertThat(response).isEqualTo(AdmissionWorld.allowedResponse("1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9"));
    assertThat(world.onlyOutcome().judged()).isTrue();
  }

  /** The apiserver persists one of two duplicate keys; trustgate must not judge the other. */
  @Test
  void rejectsDuplicateKeysInAContainerNamingTheKeyAndWhereItIs() {
    String pod = new String(bytes(fixtureTree("pod-create.json")), StandardCharsets.UTF_8);
    String body = pod.replaceFirst("\"image\":", "\"image\":\"ghcr.io/acme-labs/forge-dev:v0.14.0\",\"image\":");
    assertThat(body).isNotEqualTo(pod);

    assertThat(rejection(utf8(body)))
        .startsWith("request body has a duplicate key \"image\" at /request/object/spec/initContainers/0")
        .contains("(line 1, column")
        .doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void rejectsDuplicateKeysInTheEnvelope() {
    String pod = new String(bytes(fixtureTree("pod-create.json")), StandardCharsets.UTF_8);
    String body = "{\"kind\":\"Pod\"," + pod.substring(1);

    assertThat(rejection(utf8(body))).startsWith("request body has a duplicate key \"kind\" at the top level");
  }
}
