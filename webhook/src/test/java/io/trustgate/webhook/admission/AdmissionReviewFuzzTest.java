package io.trustgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.image.InvalidImageReferenceException;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.ImageOccurrence;
import io.trustgate.core.workload.WorkloadImages;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The AdmissionReview body is the webhook's only input from the apiserver, and through it from
 * anyone who can create a Pod. Properties, over the handler with a real engine (release 0.14.0
 * signed and listed on both arches, 0.13.0 x86_64 signed but recalled):
 *
 * <ul>
 *   <li>a body is answered with an AdmissionReview response for its uid, or refused with an
 *       {@link InvalidAdmissionReviewException} whose message is one clean line; nothing else is
 *       thrown;
 *   <li>a denial carries code 403 and a message;
 *   <li>never {@code allowed: true} while the object (read as the apiserver would store it) holds a
 *       governed image that is not pinned to a digest signed and listed in a release, or an image
 *       that does not parse.
 * </ul>
 */
class AdmissionReviewFuzzTest {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private static final AdmissionWorld WORLD = new AdmissionWorld();
  private static final AdmissionReviewHandler HANDLER = WORLD.handler();
  private static final CompiledPolicy POLICY = ReleaseWorld.compile("forge", ReleaseWorld.spec());
  private static final Set<String> SIGNED_AND_LISTED = Set.of(
      ReleaseWorld.digest("0.14.0/x86_64"), ReleaseWorld.digest("0.14.0/aarch64"));

  @FuzzTest(maxDuration = "10s")
  void admissionReviewsAreAnsweredOrRefusedNeverAllowingUnsignedImages(byte[] body) throws IOException {
    byte[] answer;
    try {
      answer = HANDLER.handle(body);
    } catch (InvalidAdmissionReviewException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
      return;
    }
    WORLD.observed.clear();
    JsonNode review = STRICT.readTree(body);
    JsonNode response = STRICT.readTree(answer);
    assertThat(response.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(response.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(response.at("/response/uid")).isEqualTo(review.at("/request/uid"));
    JsonNode allowed = response.at("/response/allowed");
    assertThat(allowed.isBoolean()).as("allowed is a boolean: %s", response).isTrue();
    if (!allowed.booleanValue()) {
      assertThat(response.at("/response/status/code").asInt()).isEqualTo(403);
      assertThat(response.at("/response/status/message").asText()).isNotBlank().doesNotContain("\tat ");
      return;
    }
    assertNoUnsignedGovernedImage(review.path("request"), response);
  }

  /** The object as the apiserver would run it: its kind is request.kind.kind. */
  private static void assertNoUnsignedGovernedImage(JsonNode request, JsonNode response) {
    String operation = request.path("operation").asText("");
    String subResource = request.path("subResource").asText("");
    if (operation.equals("DELETE") || operation.equals("CONNECT")
        || !(subResource.isEmpty() || subResource.equals("ephemeralcontainers")
            && request.path("kind").path("kind").asText("").equals("Pod"))) {
      return; // nothing new runs
    }
    JsonNode object = request.get("object");
    if (!(object instanceof ObjectNode)) {
      return;
    }
    ObjectNode asStored = ((ObjectNode) object).deepCopy();
    String kind = request.path("kind").path("kind").asText("");
    if (!kind.isEmpty()) {
      asStored.put("kind", kind);
    }
    ImageExtraction extraction = WorkloadImages.extract(asStored, Integer.MAX_VALUE);
    if (!(extraction instanceof ImageExtraction.Extracted extracted)) {
      return;
    }
    assertThat(extracted.workload().images().size())
        .as("allowed more images than the limit: %s", response)
        .isLessThanOrEqualTo(AdmissionSettings.defaults().maxImages());
    for (ImageOccurrence occurrence : extracted.workload().images()) {
      ImageRef ref;
      try {
        ref = ImageRef.parse(occurrence.image());
      } catch (InvalidImageReferenceException e) {
        throw new AssertionError("allowed an unparseable image " + occurrence + ": " + response, e);
      }
      if (POLICY.selectorFor(ref).isPresent()) {
        Optional<String> sha = ref.sha256Hex();
        assertThat(sha.isPresent() && SIGNED_AND_LISTED.contains(sha.get()))
            .as("allowed governed image %s not signed and listed: %s", occurrence, response)
            .isTrue();
      }
    }
  }
}
