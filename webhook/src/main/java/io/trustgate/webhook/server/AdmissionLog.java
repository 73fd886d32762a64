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
 * Metrics for every review; one structured log line per denied admission (the request uid in the
 * MDC) and a WARN for every admission that relied on an escape hatch. Allowed admissions are
 * logged at DEBUG, or at INFO with {@code --log-allowed}: at thousands of reviews a second a line
 * each is a log stream of its own and CPU on the admission path, and the apiserver's audit log
 * already records them.
 */
public final class AdmissionLog implements AdmissionObserver {
  private static final Logger LOG = LoggerFactory.getLogger("io.trustgate.webhook.admission");

  private final WebhookMetrics metrics;
  private final boolean logAllowed;

  /** @param logAllowed log allowed admissions at INFO, like denials, rather than at DEBUG */
  public AdmissionLog(WebhookMetrics metrics, boolean logAllowed) {
    this.metrics = metrics;
    this.logAllowed = logAllowed;
  }

  @Override
  public void reviewed(ReviewOutcome outcome) {
    var req = outcome.request();
    metrics.admission(req.kind(), req.operation(), req.dryRun(), outcome.decision(), outcome.latency());
    if (!outcome.judged()) {
      return;
    }
    boolean hatch = hatch(outcome);
    if (outcome.allowed() && !hatch && !logAllowed && !LOG.isDebugEnabled()) {
      return;
    }
    MDC.put("uid", req.uid());
    try {
      if (hatch) {
        LOG.warn("{} admitted through an escape hatch: {}", req.describe(), outcome.decision().warnings().stream()
            .filter(f -> f.reason() == Reason.ESCAPE_HATCH).map(Finding::message).distinct().toList());
      }
      if (outcome.allowed()) {
        String format = "allowed {}{} in {} µs";
        Object[] args = {req.describe(), req.dryRun() ? " (dry run)" : "", outcome.latency().toNanos() / 1000};
        if (logAllowed) {
          LOG.info(format, args);
        } else {
          LOG.debug(format, args);
        }
      } else {
        LOG.info("denied {}{}: {}", req.describe(), req.dryRun() ? " (dry run)" : "",
            outcome.decision().denials().stream().map(f -> f.reason() + " " + f.fieldPath()).toList());
      }
    } finally {
      MDC.remove("uid");
    }
  }

  private static boolean hatch(ReviewOutcome outcome) {
    for (Finding f : outcome.decision().findings()) {
      if (f.reason() == Reason.ESCAPE_HATCH) {
        return true;
      }
    }
    return false;
  }
}
