package io.trustgate.webhook.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookMetricsTest {
  private final WebhookMetrics metrics = new WebhookMetrics(Clock.systemUTC());

  @Test
  void countsEveryReviewUnderItsOwnLabelsWhenTheSameLabelsRepeat() {
    Decision allowed = new Decision(List.of(), List.of());
    Decision denied = new Decision(List.of(), List.of(
        new Finding(Reason.RECALLED, Finding.Level.DENY, "spec.containers[0].image", "img", "forge", "recalled")));
    for (int i = 0; i < 3; i++) {
      metrics.admission("Deployment", "CREATE", false, allowed, Duration.ofNanos(20_000));
    }
    metrics.admission("Deployment", "CREATE", false, denied, Duration.ofNanos(20_000));
    metrics.admission("Deployment", "CREATE", false, denied, Duration.ofNanos(20_000));
    metrics.admission("Frobnicator", "PATCH", true, allowed, Duration.ofNanos(20_000));

    assertThat(count("trustgate.admission.requests", "decision", "allowed", "kind", "Deployment",
        "operation", "CREATE", "dry_run", "false")).isEqualTo(3);
    assertThat(count("trustgate.admission.requests", "decision", "denied", "kind", "Deployment",
        "operation", "CREATE", "dry_run", "false")).isEqualTo(2);
    assertThat(count("trustgate.admission.requests", "decision", "allowed", "kind", "other",
        "operation", "other", "dry_run", "true")).isEqualTo(1);
    assertThat(count("trustgate.findings", "reason", "RECALLED", "level", "DENY")).isEqualTo(2);
    assertThat(metrics.registry().get("trustgate.admission.duration").timer().count()).isEqualTo(6);
  }

  @Test
  void everyLabelSetIsItsOwnSeries() {
    Decision allowed = new Decision(List.of(), List.of());
    Decision denied = new Decision(List.of(), List.of(
        new Finding(Reason.NO_DIGEST, Finding.Level.DENY, "spec.containers[0].image", "img", "forge", "no digest")));
    List<String> kinds = new java.util.ArrayList<>(WebhookMetrics.KINDS);
    kinds.add("Frobnicator");
    List<String> operations = new java.util.ArrayList<>(WebhookMetrics.OPERATIONS);
    operations.add("PATCH");
    for (String kind : kinds) {
      for (String operation : operations) {
        for (boolean dryRun : new boolean[] {false, true}) {
          metrics.admission(kind, operation, dryRun, allowed, Duration.ofNanos(20_000));
          metrics.admission(kind, operation, dryRun, denied, Duration.ofNanos(20_000));
          metrics.admission(kind, operation, dryRun, denied, Duration.ofNanos(20_000));
        }
      }
    }
    for (String kind : kinds) {
      for (String operation : operations) {
        for (boolean dryRun : new boolean[] {false, true}) {
          String k = WebhookMetrics.KINDS.contains(kind) ? kind : "other";
          String o = WebhookMetrics.OPERATIONS.contains(operation) ? operation : "other";
          assertThat(count("trustgate.admission.requests", "decision", "allowed", "kind", k, "operation", o,
              "dry_run", Boolean.toString(dryRun))).as(kind + " " + operation + " " + dryRun).isEqualTo(1);
          assertThat(count("trustgate.admission.requests", "decision", "denied", "kind", k, "operation", o,
              "dry_run", Boolean.toString(dryRun))).as(kind + " " + operation + " " + dryRun).isEqualTo(2);
        }
      }
    }
    int combinations = kinds.size() * operations.size() * 2;
    assertThat(count("trustgate.findings", "reason", "NO_DIGEST", "level", "DENY")).isEqualTo(2 * combinations);
    assertThat(metrics.registry().find("trustgate.admission.requests").counters()).hasSize(2 * combinations);
  }

  private double count(String name, String... tags) {
    return metrics.registry().get(name).tags(tags).counter().count();
  }
}
