package io.trustgate.webhook.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.trustgate.webhook.Readiness;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz}: the process serves. {@code /readyz}: it can judge admissions.
 *
 * <p>Both are unauthenticated (the kubelet probes them), so {@code /readyz} says only ready or
 * not and how many problems there are; the problems themselves (policy names, URLs, errors) go
 * to the log, once each time they change.
 */
@Controller
public final class HealthController {
  private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);

  private final Readiness readiness;
  private final AtomicReference<Readiness.Report> lastLogged = new AtomicReference<>(Readiness.Report.ok());

  public HealthController(Readiness readiness) {
    this.readiness = readiness;
  }

  @Get("/healthz")
  @Produces(MediaType.TEXT_PLAIN)
  public String healthz() {
    return "ok\n";
  }

  @Get("/readyz")
  @Produces(MediaType.TEXT_PLAIN)
  public HttpResponse<String> readyz() {
    Readiness.Report report = readiness.report();
    logIfChanged(report);
    int problems = report.reasons().size();
    if (report.ready()) {
      return HttpResponse.ok(problems == 0 ? "ready\n" : "ready (degraded: " + count(problems) + ")\n");
    }
    return HttpResponse.<String>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
        .body("not ready (" + count(problems) + ")\n");
  }

  private static String count(int problems) {
    return problems + (problems == 1 ? " problem" : " problems") + "; details in the webhook log";
  }

  private void logIfChanged(Readiness.Report report) {
    Readiness.Report previous = lastLogged.getAndSet(report);
    if (previous.equals(report)) {
      return;
    }
    List<String> reasons = report.reasons();
    if (report.ready() && reasons.isEmpty()) {
      LOG.info("ready");
    } else if (report.ready()) {
      LOG.warn("ready, degraded: {}", reasons);
    } else {
      LOG.warn("not ready: {}", reasons);
    }
  }
}
