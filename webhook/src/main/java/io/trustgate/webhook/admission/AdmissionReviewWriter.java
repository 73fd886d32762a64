package io.trustgate.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.Finding;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Decision} into AdmissionReview v1 response bytes: the uid echoed, {@code allowed},
 * a 403 {@code status} carrying the denial message when denied, and {@code warnings} for every
 * finding that does not deny (warn-mode policies, escape hatches), allowed or not.
 */
final class AdmissionReviewWriter {
  static final int FORBIDDEN = 403;

  private final ObjectMapper json;

  AdmissionReviewWriter(ObjectMapper json) {
    this.json = json;
  }

  /** @param subject the object the decision is about, e.g. {@code Deployment prod/web} */
  byte[] write(String uid, Decision decision, String subject) {
    List<Finding> denials = new ArrayList<>(0);
    List<Finding> warnings = new ArrayList<>(0);
    for (Finding finding : decision.findings()) {
      (finding.denies() ? denials : warnings).add(finding);
    }
    ObjectNode review = json.createObjectNode();
    review.put("apiVersion", AdmissionReviewReader.API_VERSION);
    review.put("kind", AdmissionReviewReader.KIND);
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    // Decision.allowed() and "no denying finding" are the same rule; asking the decision keeps
    // one source of truth.
    response.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      ObjectNode status = response.putObject("status");
      status.put("code", FORBIDDEN);
      status.put("reason", "Forbidden");
      status.put("message", AdmissionMessages.denial(subject, denials));
    }
    if (!warnings.isEmpty()) {
      ArrayNode array = response.putArray("warnings");
      for (String warning : AdmissionMessages.warnings(warnings)) {
        array.add(warning);
      }
    }
    try {
      return json.writeValueAsBytes(review);
    } catch (JsonProcessingException e) {
      // A tree of strings, numbers and booleans always serialises; failing here is a bug.
      throw new UncheckedIOException("could not serialise an AdmissionReview response", e);
    }
  }
}
