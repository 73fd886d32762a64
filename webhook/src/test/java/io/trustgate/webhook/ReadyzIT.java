package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.webhook.testing.HangingMirror;
import io.trustgate.webhook.testing.ReleaseServer;
import io.trustgate.webhook.testing.WebhookHarness;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unauthenticated probes say whether the webhook is ready, not which policy or URL is failing. */
class ReadyzIT {
  @TempDir Path dir;

  @Test
  void readyzKeepsPolicyNamesUrlsAndErrorsOutOfItsAnswer() throws Exception {
    try (HangingMirror mirror = new HangingMirror(dir)) {
      mirror.server.faultUnder("/rel/", ReleaseServer.Fault.HANG); // the revocation list never loads
      try (WebhookHarness webhook = new WebhookHarness(dir, mirror.policies, Optional.of(mirror.trustedRoot),
          Optional.empty(), false, ServingLimits.defaults())) {
        Thread.sleep(1000);
        var reasons = webhook.context.getBean(Readiness.class).report().reasons();
        assertThat(reasons).as("the process knows what is missing").isNotEmpty();

        HttpResponse<String> readyz = webhook.get("/readyz");

        assertThat(readyz.body()).matches("(not ready|ready \\(degraded:) \\(?\\d+ problems?; details in the webhook log\\)\\n");
        assertThat(readyz.body()).doesNotContain("127.0.0.1").doesNotContain("revocations.json").doesNotContain("app");
        assertThat(webhook.get("/healthz").body()).isEqualTo("ok\n");
      }
    }
  }
}
