package io.trustgate.webhook.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.trustgate.webhook.metrics.WebhookMetrics;

/** {@code /metrics} in the Prometheus text format. */
@Controller
public final class MetricsController {
  private final WebhookMetrics metrics;

  public MetricsController(WebhookMetrics metrics) {
    this.metrics = metrics;
  }

  @Get("/metrics")
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String metrics() {
    return metrics.scrape();
  }
}
