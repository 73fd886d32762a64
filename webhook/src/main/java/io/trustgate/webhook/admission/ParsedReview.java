package io.trustgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An AdmissionReview request as read: who and what it is about, and the object to judge.
 *
 * @param object {@code request.object} as parsed (the new object on UPDATE), or null when absent
 */
record ParsedReview(ReviewedRequest request, JsonNode object) {}
