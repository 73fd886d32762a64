package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.webhook.testing.WebhookHarness;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing in a request may create a metric series: random kinds and operations count as "other". */
class MetricsCardinalityIT {
  static final Pattern LABELS = Pattern.compile("^trustgate_admission_requests_total\\{([^}]*)}", Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void randomKindsAndOperationsDoNotGrowTheMetrics() throws Exception {
    try (WebhookHarness webhook = EventLoopIT.examples(dir)) {
      Random random = new Random(42);
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        ObjectNode object = (ObjectNode) WebhookHarness.JSON.readTree(
            "{\"apiVersion\":\"example.com/v1\",\"kind\":\"X\",\"metadata\":{\"name\":\"x\",\"namespace\":\"dev\"}}");
        ObjectNode review = WebhookHarness.admissionReview(object, "CREATE");
        ((ObjectNode) review.at("/request/kind")).put("kind", randomText(random, 2048));
        ((ObjectNode) review.path("request")).put("operation", randomText(random, 256));
        sent.add(EventLoopIT.postAsync(webhook, "/validate", WebhookHarness.JSON.writeValueAsBytes(review)));
        if (sent.size() == 32) {
          drain(sent);
        }
      }
      drain(sent);
      JsonNode workload = io.trustgate.core.workload.WorkloadDocuments.readYaml(EventLoopIT.EXAMPLES.resolve("workloads.yaml")).get(0);
      webhook.review(workload);

      HttpResponse<String> scrape = webhook.get("/metrics");

      assertThat(scrape.statusCode()).isEqualTo(200);
      Set<String> kinds = new TreeSet<>();
      Set<String> operations = new TreeSet<>();
      Matcher m = LABELS.matcher(scrape.body());
      while (m.find()) {
        kinds.add(label(m.group(1), "kind"));
        operations.add(label(m.group(1), "operation"));
      }
      assertThat(kinds).containsExactlyInAnyOrder("other", workload.path("kind").asText());
      assertThat(operations).containsExactlyInAnyOrder("other", "CREATE");
      assertThat(scrape.body()).contains("decision=\"allowed\",dry_run=\"false\",kind=\"other\",operation=\"other\"} 400.0");
      assertThat(scrape.body().length()).as("scrape size").isLessThan(200_000);
    }
  }

  static void drain(List<CompletableFuture<HttpResponse<String>>> sent) throws Exception {
    for (CompletableFuture<HttpResponse<String>> f : sent) {
      assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    sent.clear();
  }

  static String label(String labels, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : "(none)";
  }

  static String randomText(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }
}
