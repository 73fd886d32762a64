package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.webhook.admission.TrustPolicyReviewHandler;
import io.trustgate.core.workload.WorkloadDocuments;
import io.trustgate.webhook.testing.WebhookHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TrustPolicy reviews whose patterns are costly to compile must not stall the other endpoints:
 * compiling runs on its own bounded pool, within a budget, never on Netty's event loop.
 */
class EventLoopIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  /** How long the stand-in compiler keeps a CPU busy per policy, as a costly pattern would. */
  static final Duration COMPILE_COST = Duration.ofSeconds(3);

  @TempDir Path dir;

  /**
   * The real compiler, after burning CPU for {@code cost}: the pattern limits keep real specs
   * cheap to compile, so the cost of a hostile one is stood in for here.
   */
  static TrustPolicyReviewHandler costlyCompiler(Duration cost) {
    return new TrustPolicyReviewHandler((name, spec) -> {
      long end = System.nanoTime() + cost.toNanos();
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      return PolicyCompiler.compile(name, spec);
    });
  }

  @Test
  void healthAndAdmissionsAnswerWhileCostlyPoliciesCompile() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    ServingLimits limits = new ServingLimits(Duration.ofSeconds(10), 4, 64, Duration.ofSeconds(5),
        Duration.ofSeconds(30), 1024, ServingLimits.DEFAULT_INLINE_REVIEW_BYTES);
    try (WebhookHarness webhook = new WebhookHarness(dir, policies, Optional.of(EXAMPLES.resolve("trusted_root.json")),
        Optional.of(EXAMPLES.resolve("mirror")), true, limits, costlyCompiler(COMPILE_COST))) {
      webhook.awaitReady(Duration.ofSeconds(60));
      JsonNode workload = WorkloadDocuments.readYaml(EXAMPLES.resolve("workloads.yaml")).get(0);
      webhook.review(workload); // warm: evidence cached

      // More reviews than Netty has event-loop threads (2 per CPU), each on its own connection.
      int reviews = 2 * Runtime.getRuntime().availableProcessors() + 2;
      List<CompletableFuture<HttpResponse<String>>> policyReviews = new ArrayList<>();
      for (int i = 0; i < reviews; i++) {
        policyReviews.add(postAsync(webhook, "/validate-trustpolicy", policyReview("https://example\\.com/" + i)));
      }
      Thread.sleep(300); // the compiles are under way

      for (int i = 0; i < 3; i++) {
        assertThat(webhook.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(webhook.review(workload).at("/response/allowed").isBoolean()).isTrue();
      }
      long stillCompiling = policyReviews.stream().filter(f -> !f.isDone()).count();
      assertThat(stillCompiling).as("policy reviews still running when the probes were answered").isPositive();

      for (CompletableFuture<HttpResponse<String>> f : policyReviews) {
        HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(WebhookHarness.JSON.readTree(r.body()).at("/response/allowed").isBoolean()).isTrue();
      }
    }
  }

  @Test
  void aPolicyNotCompiledWithinTheBudgetIsDeniedWithAClearMessage() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    ServingLimits limits = new ServingLimits(Duration.ofSeconds(2), 2, 64, Duration.ofSeconds(5),
        Duration.ofSeconds(30), 1024, ServingLimits.DEFAULT_INLINE_REVIEW_BYTES); // deadline, and compile budget, 1 s
    try (WebhookHarness webhook = new WebhookHarness(dir, policies, Optional.of(EXAMPLES.resolve("trusted_root.json")),
        Optional.of(EXAMPLES.resolve("mirror")), true, limits, costlyCompiler(Duration.ofSeconds(5)))) {
      long start = System.nanoTime();
      HttpResponse<String> r = webhook.post("/validate-trustpolicy", policyReview("https://example\\.com/x"),
          "application/json");
      long tookMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode response = WebhookHarness.JSON.readTree(r.body()).path("response");
      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.at("/status/message").asText()).contains("compile budget");
      assertThat(tookMillis).as("answered near the 1 s budget, not after the compile").isLessThan(limits.webhookTimeout().toMillis());
    }
  }

  @Test
  void aHugePatternIsRefusedByItsLengthLimitBeforeAnyCompile() throws Exception {
    try (WebhookHarness webhook = examples(dir)) {
      HttpResponse<String> r = webhook.post("/validate-trustpolicy", policyReview("b".repeat(150_000)), "application/json");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode response = WebhookHarness.JSON.readTree(r.body()).path("response");
      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.at("/status/message").asText())
          .contains("spec.manifests.signer.identityRegex: is 150000 characters long, more than the limit of 1024");
    }
  }

  static WebhookHarness examples(Path dir) throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    WebhookHarness webhook = new WebhookHarness(dir, policies, Optional.of(EXAMPLES.resolve("trusted_root.json")),
        Optional.of(EXAMPLES.resolve("mirror")), true, Duration.ofSeconds(8), EscapeHatches.none());
    webhook.awaitReady(Duration.ofSeconds(60));
    return webhook;
  }

  static byte[] policyReview(String identityRegex) throws Exception {
    ObjectNode policy = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(EXAMPLES.resolve("policy.yaml").toFile());
    ((ObjectNode) policy.at("/spec/manifests/signer")).remove("identity");
    ((ObjectNode) policy.at("/spec/manifests/signer")).put("identityRegex", identityRegex);
    return WebhookHarness.JSON.writeValueAsBytes(WebhookHarness.admissionReview(policy, "CREATE"));
  }

  static CompletableFuture<HttpResponse<String>> postAsync(WebhookHarness webhook, String path, byte[] body) {
    return webhook.client.sendAsync(HttpRequest.newBuilder(webhook.uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
