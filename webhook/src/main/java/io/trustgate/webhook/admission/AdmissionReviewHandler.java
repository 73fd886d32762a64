package io.trustgate.webhook.admission;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.WorkloadImages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * AdmissionReview v1 bytes in, AdmissionReview v1 bytes out: the whole admission decision, free of
 * HTTP and of any Kubernetes client so it can be tested and measured alone. Thread-safe.
 *
 * <p>What is judged: CREATE and UPDATE (and any operation other than DELETE and CONNECT) of a kind
 * that carries a pod spec (Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob; any API group), and the {@code pods/ephemeralcontainers}
 * subresource, whose object is the whole Pod. An UPDATE is judged on the new object, every image
 * of it: a release may have been recalled since the old one was admitted. Everything else is
 * allowed without findings; the webhook registration decides what is sent at all.
 */
public final class AdmissionReviewHandler {
  /** Shared: an ObjectMapper is thread-safe once configured, and costly to build. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final Decision NOT_JUDGED = new Decision(List.of(), List.of());
  private static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";

  private final Supplier<DecisionEngine> engines;
  private final AdmissionSettings settings;
  private final AdmissionObserver observer;
  private final Clock clock;
  private final AdmissionReviewReader reader = new AdmissionReviewReader(JSON);
  private final AdmissionReviewWriter writer = new AdmissionReviewWriter(JSON);

  /**
   * @param engines the current engine, read once per judged review because policies change at
   *     runtime; must never return null (do not route reviews here before an engine is ready)
   * @param clock sets each review's deadline: {@code clock.instant() + settings.deadline()}
   */
  public AdmissionReviewHandler(
      Supplier<DecisionEngine> engines, AdmissionSettings settings, AdmissionObserver observer, Clock clock) {
    this.engines = Objects.requireNonNull(engines, "engines");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Answers one AdmissionReview. Every well-formed review gets a response, allowed or denied
   * (answer it with HTTP 200); denials carry status code 403 and one line per denying finding.
   *
   * @throws InvalidAdmissionReviewException when the body is not an AdmissionReview v1 request with
   *     a uid, or a judged request carries no object; its message is safe to send back
   */
  public byte[] handle(byte[] body) throws InvalidAdmissionReviewException {
    long started = System.nanoTime();
    ParsedReview review = reader.read(body);
    ImageExtraction extraction = extract(review);
    boolean judged = !(extraction instanceof ImageExtraction.NoPodSpec);
    Decision decision = judged ? engine().decide(extraction, clock.instant().plus(settings.deadline())) : NOT_JUDGED;
    return respond(review.request(), judged, decision, started);
  }

  /**
   * Answers one AdmissionReview without holding a thread while evidence is fetched: the body is
   * parsed and the fetches started on {@code executor}, the wait for them is asynchronous and ends
   * at the deadline at the latest, and the decision is then made on {@code executor} again. So a
   * hanging mirror costs no threads, and reviews whose evidence is late are still answered, with a
   * TIMEOUT finding, by the deadline.
   *
   * @param received when the request arrived: the deadline is {@code received + settings.deadline()},
   *     so time spent queued for a thread counts against it
   * @return completes with the response bytes, or exceptionally with an {@link
   *     InvalidAdmissionReviewException}
   * @throws java.util.concurrent.RejectedExecutionException when {@code executor} takes no more work
   */
  public CompletableFuture<byte[]> handle(byte[] body, Instant received, Executor executor) {
    long started = System.nanoTime();
    Instant deadline = received.plus(settings.deadline());
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    executor.execute(() -> review(body, started, deadline, executor, Integer.MAX_VALUE, answer));
    return answer;
  }

  /**
   * As {@link #handle(byte[], Instant, Executor)}, but starts on the calling thread: a review whose
   * evidence is cached and whose object names at most {@code maxImagesHere} images is answered
   * before this returns, without a thread hand-off. Anything more (more images, evidence to wait
   * for) continues on {@code executor}. The caller bounds the body's size, so that the parse here
   * is bounded too.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the review must continue on
   *     {@code executor} and it takes no more work
   */
  public CompletableFuture<byte[]> handleHere(byte[] body, Instant received, Executor executor, int maxImagesHere) {
    long started = System.nanoTime();
    Instant deadline = received.plus(settings.deadline());
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    review(body, started, deadline, executor, maxImagesHere, answer);
    return answer;
  }

  private void review(byte[] body, long started, Instant deadline, Executor executor, int maxImagesHere,
      CompletableFuture<byte[]> answer) {
    ReviewedRequest request;
    ImageExtraction extraction;
    try {
      ParsedReview review = reader.read(body);
      request = review.request();
      extraction = extract(review);
      if (extraction instanceof ImageExtraction.NoPodSpec) {
        answer.complete(respond(request, false, NOT_JUDGED, started));
        return;
      }
    } catch (InvalidAdmissionReviewException | RuntimeException e) {
      answer.completeExceptionally(e);
      return;
    }
    if (extraction instanceof ImageExtraction.Extracted e && e.workload().images().size() > maxImagesHere) {
      executor.execute(() -> judge(request, extraction, started, deadline, executor, answer));
      return;
    }
    judge(request, extraction, started, deadline, executor, answer);
  }

  private void judge(ReviewedRequest request, ImageExtraction extraction, long started, Instant deadline,
      Executor executor, CompletableFuture<byte[]> answer) {
    try {
      DecisionEngine engine = engine(); // one engine for both steps, even if policies change between
      DecisionEngine.Attempt attempt = engine.decideOrStart(extraction, deadline);
      if (attempt.decision() != null) { // evidence cached: decided in one pass
        answer.complete(respond(request, true, attempt.decision(), started));
        return;
      }
      long wait = Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
      CompletableFuture.allOf(attempt.pending().toArray(CompletableFuture[]::new))
          .completeOnTimeout(null, wait, TimeUnit.NANOSECONDS)
          .handle((done, failed) -> null) // a failed fetch is a finding, raised by decide
          .thenRunAsync(() -> complete(answer, () ->
              respond(request, true, engine.decide(extraction, deadline), started)), orInline(executor));
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  private static void complete(CompletableFuture<byte[]> answer, Supplier<byte[]> response) {
    try {
      answer.complete(response.get());
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  /**
   * The decision after the wait is quick (the evidence is in, or it is too late for it): when the
   * executor is full or draining for shutdown, it runs on the thread that ended the wait rather
   * than leaving a review unanswered.
   */
  private static Executor orInline(Executor executor) {
    return task -> {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    };
  }

  private byte[] respond(ReviewedRequest request, boolean judged, Decision decision, long started) {
    byte[] response = writer.write(request.uid(), decision, request.describe());
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    observer.reviewed(new ReviewOutcome(request, judged, decision, latency));
    return response;
  }

  private DecisionEngine engine() {
    DecisionEngine engine = engines.get();
    if (engine == null) {
      throw new IllegalStateException(
          "the DecisionEngine supplier returned null: do not handle reviews before an engine is ready");
    }
    return engine;
  }

  /** The images to judge, or NoPodSpec when this review is not trustgate's to judge. */
  private ImageExtraction extract(ParsedReview review) throws InvalidAdmissionReviewException {
    ReviewedRequest request = review.request();
    if (!inScope(request)) {
      return new ImageExtraction.NoPodSpec(request.kind());
    }
    JsonNode object = review.object();
    if (!(object instanceof ObjectNode)) {
      throw new InvalidAdmissionReviewException("AdmissionReview request.object must be a JSON object for "
          + request.operation() + " of " + request.kind());
    }
    // The apiserver's request.kind is authoritative; WorkloadImages reads the object's own kind,
    // so make the two agree. The tree is ours alone, parsed for this request.
    JsonNode ownKind = object.get("kind");
    if (ownKind == null || !request.kind().equals(ownKind.textValue())) {
      ((ObjectNode) object).put("kind", request.kind());
    }
    return WorkloadImages.extract(object, settings.maxImages());
  }

  /** DELETE and CONNECT run nothing new; of the subresources only ephemeral containers add images. */
  private static boolean inScope(ReviewedRequest request) {
    String operation = request.operation();
    if (operation.equals("DELETE") || operation.equals("CONNECT")) {
      return false;
    }
    String subResource = request.subResource();
    return subResource.isEmpty() || (subResource.equals(EPHEMERAL_CONTAINERS) && request.kind().equals("Pod"));
  }
}
