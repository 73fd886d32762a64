package io.trustgate.webhook.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.trustgate.webhook.admission.InvalidAdmissionReviewException;
import io.trustgate.webhook.admission.TrustPolicyReviewHandler;
import io.trustgate.webhook.metrics.WebhookMetrics;

/**
 * {@code POST /validate-trustpolicy}: TrustPolicy CREATE/UPDATE reviewed with the policy
 * compiler, HTTP 200 for every decision, 400 with a one-line reason for bodies that are not
 * AdmissionReviews. Unlike {@code /validate} it answers before the webhook is ready: compiling
 * a spec needs no evidence, and policies must be fixable while the webhook is starting.
 */
@Controller
public final class TrustPolicyController {
  private final TrustPolicyReviewHandler handler = new TrustPolicyReviewHandler();
  private final WebhookMetrics metrics;

  public TrustPolicyController(WebhookMetrics metrics) {
    this.metrics = metrics;
  }

  // Compiling is CPU-only and quick (RE2, no I/O): it may run on the event loop.
  @Post(uri = "/validate-trustpolicy", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> validate(@Body byte[] body) {
    try {
      return HttpResponse.ok(handler.handle(body));
    } catch (InvalidAdmissionReviewException e) {
      metrics.rejectedRequest("invalid");
      return HttpResponse.<byte[]>badRequest().body(AdmissionController.error(e.getMessage()));
    }
  }
}
