package io.trustgate.webhook.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.trustgate.webhook.Readiness;

/** {@code /healthz}: the process serves. {@code /readyz}: it can judge admissions. */
@Controller
public final class HealthController {
  private final Readiness readiness;

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
    if (report.ready()) {
      return HttpResponse.ok(report.reasons().isEmpty()
          ? "ready\n"
          : "ready (degraded):\n- " + String.join("\n- ", report.reasons()) + "\n");
    }
    return HttpResponse.<String>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
        .body("not ready:\n- " + String.join("\n- ", report.reasons()) + "\n");
  }
}
