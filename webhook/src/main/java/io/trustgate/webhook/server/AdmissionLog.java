package io.trustgate.webhook.server;

import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import io.trustgate.webhook.admission.AdmissionObserver;
import io.trustgate.webhook.admission.ReviewOutcome;
import io.trustgate.webhook.metrics.WebhookMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One structured log line per judged admission (the request uid in the MDC), metrics, and a
 * WARN for every admission that relied on an escape hatch.
 */
public final class AdmissionLog implements AdmissionObserver {
  private static final Logger LOG = LoggerFactory.getLogger("io.trustgate.webhook.admission");

  private final WebhookMetrics metrics;

  public AdmissionLog(WebhookMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void reviewed(ReviewOutcome outcome) {
    var req = outcome.request();
    metrics.admission(req.kind(), req.operation(), req.dryRun(), outcome.decision(), outcome.latency());
    if (!outcome.judged()) {
      return;
    }
    MDC.put("uid", req.uid());
    try {
      boolean hatch = false;
      for (Finding f : outcome.decision().findings()) {
        hatch |= f.reason() == Reason.ESCAPE_HATCH;
      }
      if (hatch) {
        LOG.warn("{} admitted through an escape hatch: {}", req.describe(), outcome.decision().warnings().stream()
            .filter(f -> f.reason() == Reason.ESCAPE_HATCH).map(Finding::message).distinct().toList());
      }
      if (outcome.allowed()) {
        LOG.info("allowed {}{} in {} µs", req.describe(), req.dryRun() ? " (dry run)" : "",
            outcome.latency().toNanos() / 1000);
      } else {
        LOG.info("denied {}{}: {}", req.describe(), req.dryRun() ? " (dry run)" : "",
            outcome.decision().denials().stream().map(f -> f.reason() + " " + f.fieldPath()).toList());
      }
    } finally {
      MDC.remove("uid");
    }
  }
}
