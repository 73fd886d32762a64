package io.trustgate.webhook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.trustgate.webhook.Readiness;
import io.trustgate.webhook.admission.AdmissionReviewHandler;
import io.trustgate.webhook.admission.InvalidAdmissionReviewException;
import io.trustgate.webhook.metrics.WebhookMetrics;
import java.util.Map;

/**
 * {@code POST /validate}: AdmissionReview v1 in, AdmissionReview v1 out, HTTP 200 for every
 * decision. Bodies that are not AdmissionReviews get 400 with a one-line reason; a webhook that
 * is not ready yet answers 503 so the apiserver applies the webhook's failurePolicy.
 */
@Controller
public final class AdmissionController {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdmissionReviewHandler handler;
  private final Readiness readiness;
  private final WebhookMetrics metrics;

  public AdmissionController(AdmissionReviewHandler handler, Readiness readiness, WebhookMetrics metrics) {
    this.handler = handler;
    this.readiness = readiness;
    this.metrics = metrics;
  }

  // Judging may wait on evidence fetches (bounded by the deadline): never on the event loop.
  @Post(uri = "/validate", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<byte[]> validate(@Body byte[] body) {
    if (!readiness.admitting()) {
      metrics.rejectedRequest("not_ready");
      return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
          .body(error("trustgate webhook is not ready yet: " + String.join("; ", readiness.report().reasons())));
    }
    try {
      return HttpResponse.ok(handler.handle(body));
    } catch (InvalidAdmissionReviewException e) {
      metrics.rejectedRequest("invalid");
      return HttpResponse.<byte[]>badRequest().body(error(e.getMessage()));
    }
  }

  static byte[] error(String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("message", message));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
