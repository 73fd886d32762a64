package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.webhook.testing.HangingMirror;
import io.trustgate.webhook.testing.TestTls;
import io.trustgate.webhook.testing.WebhookHarness;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.trustgate.kube.testing.ProcessLog;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real webhook process: the review in flight is answered, then the process exits
 * within a few seconds. Repeated, because the deadlock this guards against was a race.
 */
class WebhookShutdownIT {
  static final Pattern PORT = Pattern.compile("serving HTTPS on port (\\d+)");

  @TempDir Path dir;

  @RepeatedTest(3)
  void sigtermAnswersTheReviewInFlightThenExits() throws Exception {
    try (HangingMirror mirror = new HangingMirror(dir)) {
      TestTls tls = new TestTls();
      Path cert = dir.resolve("tls.crt");
      Path key = dir.resolve("tls.key");
      tls.writeServing(cert, key, "webhook");
      // The shipped logging configuration, not the tests' logback-test.xml.
      String logback = Path.of("src/main/resources/logback.xml").toAbsolutePath().toString();
      ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx256m", "-Dlogback.configurationFile=" + logback,
          "-cp", System.getProperty("java.class.path"),
          WebhookMain.class.getName(), "--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString(),
          "--policies", mirror.policies.toString(), "--trusted-root", mirror.trustedRoot.toString(),
          "--webhook-timeout", "4s") // deadline 2 s
          .redirectErrorStream(true)
        // A file, not a pipe: Process.destroy() closes the pipes, losing what is written after SIGTERM.
        .redirectOutput(dir.resolve("process.log").toFile());
      pb.environment().put("TRUSTGATE_LOG_FORMAT", "TEXT");
      Process process = pb.start();
      ProcessLog output = new ProcessLog(dir.resolve("process.log"));
      try {
        int p = output.await(PORT, 90);
        HttpClient client = tls.client();
        awaitReady(client, p);
        byte[] body = WebhookHarness.JSON.writeValueAsBytes(WebhookHarness.admissionReview(HangingMirror.pod("3.0.0"), "CREATE"));
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + p + "/validate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // the review waits for its (hanging) evidence

        long sigterm = System.nanoTime();
        process.destroy(); // SIGTERM

        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited after SIGTERM; output:\n%s", output)
            .isTrue();
        long exitMillis = (System.nanoTime() - sigterm) / 1_000_000;
        HttpResponse<String> answer = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode response = WebhookHarness.JSON.readTree(answer.body()).path("response");
        assertThat(response.path("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/message").asText()).contains("before the admission deadline");
        assertThat(exitMillis).as("ms from SIGTERM to exit").isLessThan(10_000);
        assertThat(output.lines()).anyMatch(l -> l.contains("trustgate webhook stopped"));
        // A clean stop logs no stack trace (Micronaut's certificate-provider close is filtered).
        assertThat(output.lines()).as("output:\n%s", output)
            .noneMatch(l -> l.contains("Error disposing bean") || l.contains("NullPointerException") || l.startsWith("\tat "));
      } finally {
        process.destroyForcibly();
      }
    }
  }

  static void awaitReady(HttpClient client, int port) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("webhook process not ready");
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
