package io.trustgate.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.PolicyProblem;
import io.trustgate.core.policy.SpecBindingProblem;
import java.io.UncheckedIOException;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * AdmissionReview v1 bytes in and out for TrustPolicy CREATE and UPDATE: the spec is compiled
 * by the same {@link PolicyCompiler} the webhook, the operator and the CLI run, so a policy that
 * would not compile is refused at {@code kubectl apply}. Denials use 422 Invalid (the input is
 * wrong, nothing is forbidden) with one {@code field: problem} line each; lint findings are
 * admission warnings, which kubectl prints as {@code Warning: ...}. Thread-safe.
 */
public final class TrustPolicyReviewHandler {
  static final int INVALID = 422;

  /** Unknown spec fields are errors: a typo must not silently weaken a policy. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  /** What turns a spec into problems and warnings: the policy compiler, or a stand-in in tests. */
  @FunctionalInterface
  public interface SpecCompiler {
    PolicyCompilation compile(String name, TrustPolicySpec spec);
  }

  private final AdmissionReviewReader reader = new AdmissionReviewReader(JSON);
  private final SpecCompiler compiler;

  /** Reviews with the {@link PolicyCompiler} that the webhook, the operator and the CLI run. */
  public TrustPolicyReviewHandler() {
    this(PolicyCompiler::compile);
  }

  /** Reviews with {@code compiler}, e.g. a deliberately slow one to test the compile budget. */
  public TrustPolicyReviewHandler(SpecCompiler compiler) {
    this.compiler = compiler;
  }

  /**
   * @throws InvalidAdmissionReviewException when the body is not an AdmissionReview v1 request,
   *     or a CREATE/UPDATE of a TrustPolicy carries no object; its message is safe to send back
   */
  public byte[] handle(byte[] body) throws InvalidAdmissionReviewException {
    ParsedReview review = reader.read(body);
    return judge(review);
  }

  /**
   * Answers one review on {@code executor}, by {@code deadline} at the latest: a spec that has not
   * compiled by then is denied with a message saying so (the compile budget). Compiling RE2
   * patterns cannot be interrupted, so the thread finishes the work in the background; the
   * executor must be bounded and separate from the admissions'.
   *
   * @return completes with the response bytes, or exceptionally with an {@link
   *     InvalidAdmissionReviewException}
   * @throws java.util.concurrent.RejectedExecutionException when {@code executor} takes no more work
   */
  public CompletableFuture<byte[]> handle(byte[] body, Instant deadline, Executor executor) {
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        ParsedReview review = reader.read(body);
        long left = Duration.between(Instant.now(), deadline).toNanos();
        answer.completeOnTimeout(overBudget(review.request().uid()), Math.max(0, left), TimeUnit.NANOSECONDS);
        if (!answer.isDone()) {
          answer.complete(judge(review));
        }
      } catch (InvalidAdmissionReviewException | RuntimeException e) {
        answer.completeExceptionally(e);
      }
    });
    return answer;
  }

  private byte[] judge(ParsedReview review) throws InvalidAdmissionReviewException {
    ReviewedRequest request = review.request();
    if (!judged(request)) {
      return respond(request.uid(), List.of(), List.of());
    }
    JsonNode object = review.object();
    if (object == null || !object.isObject()) {
      throw new InvalidAdmissionReviewException("AdmissionReview request.object must be a TrustPolicy for "
          + request.operation());
    }
    JsonNode spec = object.get("spec");
    TrustPolicySpec parsed;
    try {
      parsed = spec == null || spec.isNull() ? null : JSON.treeToValue(spec, TrustPolicySpec.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return respond(request.uid(), List.of(unreadable(e)), List.of());
    }
    PolicyCompilation compiled = compiler.compile(request.name(), parsed);
    return respond(request.uid(), compiled.problems(), compiled.warnings());
  }

  private static byte[] overBudget(String uid) {
    return respond(uid, List.of(new PolicyProblem("spec", "could not be checked within the review's compile budget;"
        + " its patterns are too costly to compile: shorten them")), List.of());
  }

  private static boolean judged(ReviewedRequest request) {
    String operation = request.operation();
    return TrustPolicy.KIND.equals(request.kind()) && request.subResource().isEmpty()
        && (operation.equals("CREATE") || operation.equals("UPDATE"));
  }

  /** A spec Jackson cannot bind, located by its JSON path: one wording with the CLI's. */
  private static PolicyProblem unreadable(Exception e) {
    return SpecBindingProblem.of(e);
  }

  private static byte[] respond(String uid, List<PolicyProblem> problems, List<String> warnings) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", AdmissionReviewReader.API_VERSION);
    review.put("kind", AdmissionReviewReader.KIND);
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    response.put("allowed", problems.isEmpty());
    if (!problems.isEmpty()) {
      ObjectNode status = response.putObject("status");
      status.put("code", INVALID);
      status.put("reason", "Invalid");
      StringBuilder message = new StringBuilder("TrustPolicy spec is invalid:");
      ArrayNode causes = status.putObject("details").putArray("causes");
      for (PolicyProblem p : problems) {
        message.append('\n').append(p);
        causes.addObject().put("reason", "FieldValueInvalid").put("field", p.field()).put("message", p.message());
      }
      status.put("message", message.toString());
    }
    if (!warnings.isEmpty()) {
      ArrayNode array = response.putArray("warnings");
      warnings.forEach(array::add);
    }
    try {
      return JSON.writeValueAsBytes(review);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not serialise an AdmissionReview response", e);
    }
  }
}
