package io.trustgate.webhook.server;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.webhook.Readiness;
import io.trustgate.webhook.WebhookSettings;
import io.trustgate.webhook.admission.AdmissionReviewHandler;
import io.trustgate.webhook.metrics.WebhookMetrics;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Exposes the {@link WebhookRuntime}'s parts to the HTTP controllers. */
@Factory
public class WebhookBeans {
  @Context
  @Bean(preDestroy = "close")
  WebhookRuntime runtime(WebhookSettings settings, EscapeHatches hatches) {
    return new WebhookRuntime(settings, hatches, Clock.systemUTC());
  }

  @Singleton
  @Bean(preDestroy = "close")
  ReviewExecutors reviewExecutors(WebhookSettings settings) {
    return new ReviewExecutors(settings.limits());
  }

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  Readiness readiness(WebhookRuntime runtime) {
    return runtime;
  }

  @Singleton
  WebhookMetrics metrics(WebhookRuntime runtime) {
    return runtime.metrics();
  }

  @Singleton
  AdmissionReviewHandler admissionHandler(WebhookRuntime runtime) {
    return runtime.handler();
  }
}
