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
    ReviewedRequest request = review.request();
    ImageExtraction extraction = extract(review);
    boolean judged = !(extraction instanceof ImageExtraction.NoPodSpec);
    Decision decision = judged ? decide(extraction) : NOT_JUDGED;
    byte[] response = writer.write(request.uid(), decision, request.describe());
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    observer.reviewed(new ReviewOutcome(request, judged, decision, latency));
    return response;
  }

  private Decision decide(ImageExtraction extraction) {
    DecisionEngine engine = engines.get();
    if (engine == null) {
      throw new IllegalStateException(
          "the DecisionEngine supplier returned null: do not handle reviews before an engine is ready");
    }
    Instant deadline = clock.instant().plus(settings.deadline());
    return engine.decide(extraction, deadline);
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
