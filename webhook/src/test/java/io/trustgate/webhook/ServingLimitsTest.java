package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustgate.webhook.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admission deadline derived from the webhook timeout, and the serving flags. */
class ServingLimitsTest {
  @TempDir Path dir;

  static ServingLimits timeout(int seconds) {
    return new ServingLimits(Duration.ofSeconds(seconds), 2, 16, Duration.ofSeconds(5), Duration.ofSeconds(30), 10,
        ServingLimits.DEFAULT_INLINE_REVIEW_BYTES);
  }

  @Test
  void deadlineLeavesMaxOfTwoSecondsAndAQuarterButAtMostHalf() {
    assertThat(timeout(10).derivedDeadline()).isEqualTo(Duration.ofMillis(7_500));
    assertThat(timeout(30).derivedDeadline()).isEqualTo(Duration.ofMillis(22_500));
    assertThat(timeout(5).derivedDeadline()).isEqualTo(Duration.ofSeconds(3));
    assertThat(timeout(4).derivedDeadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(timeout(2).derivedDeadline()).isEqualTo(Duration.ofSeconds(1));
    assertThat(timeout(1).derivedDeadline()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void refusesTimeoutsTheApiserverDoesNotAllow() {
    assertThatThrownBy(() -> timeout(31)).hasMessageContaining("--webhook-timeout must be between 1s and 30s");
    assertThatThrownBy(() -> timeout(0)).hasMessageContaining("--webhook-timeout");
  }

  @Test
  void flagsDeriveTheDeadlineAndRefuseOneAtOrPastTheWebhookTimeout() throws Exception {
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    new TestTls().writeServing(cert, key, "webhook");
    Files.createDirectories(dir.resolve("p"));
    String[] base = {"--tls-cert", cert.toString(), "--tls-key", key.toString(), "--policies", dir.resolve("p").toString()};

    WebhookSettings defaults = parse(base);
    assertThat(defaults.limits().webhookTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.deadline()).isEqualTo(Duration.ofMillis(7_500));
    assertThat(defaults.limits().maxConnections()).isEqualTo(1024);
    assertThat(defaults.limits().handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.limits().reviewThreads()).isEqualTo(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    assertThat(parse(concat(base, "--webhook-timeout", "5s")).deadline()).isEqualTo(Duration.ofSeconds(3));
    assertThat(parse(concat(base, "--webhook-timeout", "5s", "--deadline", "4s")).deadline()).isEqualTo(Duration.ofSeconds(4));
    assertThatThrownBy(() -> parse(concat(base, "--webhook-timeout", "5s", "--deadline", "5s")))
        .hasMessageContaining("--deadline 5000ms must be below --webhook-timeout 5000ms");
    assertThatThrownBy(() -> parse(concat(base, "--max-connections", "0"))).hasMessageContaining("--max-connections");
    assertThat(defaults.limits().inlineReviewBytes()).isEqualTo(65_536);
    assertThat(parse(concat(base, "--inline-review-bytes", "0")).limits().inlineReviewBytes()).isZero();
    assertThatThrownBy(() -> parse(concat(base, "--inline-review-bytes", "262145")))
        .hasMessageContaining("--inline-review-bytes must be between 0 and 262144");
    assertThatThrownBy(() -> parse(concat(base, "--inline-review-bytes", "-1")))
        .hasMessageContaining("--inline-review-bytes");
  }

  static WebhookSettings parse(String... args) {
    WebhookCommand command = new WebhookCommand();
    new CommandLine(command).parseArgs(args);
    return command.call();
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
