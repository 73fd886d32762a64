package io.trustgate.webhook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.trustgate.webhook.Readiness;
import io.trustgate.webhook.ServingLimits;
import io.trustgate.webhook.WebhookSettings;
import io.trustgate.webhook.admission.AdmissionReviewHandler;
import io.trustgate.webhook.admission.InvalidAdmissionReviewException;
import io.trustgate.webhook.metrics.WebhookMetrics;
import io.trustgate.webhook.server.ReviewExecutors;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /validate}: AdmissionReview v1 in, AdmissionReview v1 out, HTTP 200 for every
 * decision. Bodies that are not AdmissionReviews get 400 with a one-line reason; a webhook that
 * is not ready yet answers 503 so the apiserver applies the webhook's failurePolicy, and one whose
 * review queue is full answers 429 at once.
 *
 * <p>This method runs on the event loop. A small review (up to {@code --inline-review-bytes}, at
 * most {@link ServingLimits#INLINE_MAX_IMAGES} images) whose evidence is cached is parsed and
 * judged right here, in about 15 µs: handing it to a review thread and back would cost more than
 * the work. Larger reviews are parsed on the bounded review pool, reviews that need evidence
 * continue there once it is in, and waiting for evidence holds no thread at all.
 */
@Controller
public final class AdmissionController {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdmissionReviewHandler handler;
  private final Readiness readiness;
  private final WebhookMetrics metrics;
  private final ReviewExecutors executors;
  private final Clock clock;
  private final int inlineBytes;

  public AdmissionController(AdmissionReviewHandler handler, Readiness readiness, WebhookMetrics metrics,
      ReviewExecutors executors, Clock clock, WebhookSettings settings) {
    this.inlineBytes = settings.limits().inlineReviewBytes();
    this.handler = handler;
    this.readiness = readiness;
    this.metrics = metrics;
    this.executors = executors;
    this.clock = clock;
  }

  @Post(uri = "/validate", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<byte[]>> validate(@Body byte[] body) {
    if (!readiness.admitting()) {
      metrics.rejectedRequest("not_ready");
      return CompletableFuture.completedFuture(HttpResponse.<byte[]>status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(error("trustgate webhook is not ready yet; see its log")));
    }
    try {
      CompletableFuture<byte[]> answer = body.length <= inlineBytes
          ? handler.handleHere(body, clock.instant(), executors.admissions(), ServingLimits.INLINE_MAX_IMAGES)
          : handler.handle(body, clock.instant(), executors.admissions());
      return answer.handle((response, failure) -> failure == null ? HttpResponse.ok(response) : failed(failure, metrics));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(busy(metrics));
    }
  }

  /** A 400 for bodies that are not AdmissionReviews; anything else is a bug, for the error handler. */
  static HttpResponse<byte[]> failed(Throwable failure, WebhookMetrics metrics) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof InvalidAdmissionReviewException) {
      metrics.rejectedRequest("invalid");
      return HttpResponse.<byte[]>badRequest().body(error(cause.getMessage()));
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    throw new IllegalStateException(cause);
  }

  /** The review queue is full: say so at once instead of answering after the apiserver gave up. */
  static HttpResponse<byte[]> busy(WebhookMetrics metrics) {
    metrics.rejectedRequest("busy");
    return HttpResponse.<byte[]>status(HttpStatus.TOO_MANY_REQUESTS)
        .body(error("trustgate webhook is busy: too many reviews waiting; retry"));
  }

  static byte[] error(String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("message", message));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
