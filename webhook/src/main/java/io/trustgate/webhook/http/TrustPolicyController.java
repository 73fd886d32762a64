package io.trustgate.webhook.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.trustgate.webhook.WebhookSettings;
import io.trustgate.webhook.admission.TrustPolicyReviewHandler;
import io.trustgate.webhook.metrics.WebhookMetrics;
import io.trustgate.webhook.server.ReviewExecutors;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /validate-trustpolicy}: TrustPolicy CREATE/UPDATE reviewed with the policy
 * compiler, HTTP 200 for every decision, 400 with a one-line reason for bodies that are not
 * AdmissionReviews. Unlike {@code /validate} it answers before the webhook is ready: compiling
 * a spec needs no evidence, and policies must be fixable while the webhook is starting.
 *
 * <p>Compiling is CPU work whose cost grows with the patterns in the spec, so it runs on the
 * bounded policy-review pool, never on the event loop, and within the admission deadline as its
 * compile budget: a spec not compiled by then is denied with a message saying so.
 */
@Controller
public final class TrustPolicyController {
  private final TrustPolicyReviewHandler handler;
  private final WebhookMetrics metrics;
  private final ReviewExecutors executors;
  private final WebhookSettings settings;
  private final Clock clock;

  /** @param handler registered as a singleton only by tests (a stand-in compiler); null otherwise */
  public TrustPolicyController(WebhookMetrics metrics, ReviewExecutors executors, WebhookSettings settings, Clock clock,
      @Nullable TrustPolicyReviewHandler handler) {
    this.handler = handler == null ? new TrustPolicyReviewHandler() : handler;
    this.metrics = metrics;
    this.executors = executors;
    this.settings = settings;
    this.clock = clock;
  }

  @Post(uri = "/validate-trustpolicy", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<byte[]>> validate(@Body byte[] body) {
    try {
      return handler.handle(body, clock.instant().plus(settings.deadline()), executors.policies())
          .handle((response, failure) -> failure == null
              ? HttpResponse.ok(response) : AdmissionController.failed(failure, metrics));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(AdmissionController.busy(metrics));
    }
  }
}
