package io.trustgate.webhook.admission;

import static io.trustgate.webhook.admission.AdmissionWorld.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.testing.ReleaseWorld;
import org.junit.jupiter.api.Test;

/**
 * A rough per-review time, bytes in to bytes out, with evidence cached: printed, not asserted (a
 * shared CI machine is no benchmark; the JMH suite is). Checks the answers it times.
 */
class AdmissionReviewTimingTest {
  static final int WARM_UP = 20_000;
  static final int MEASURED = 10_000;

  final AdmissionWorld world = new AdmissionWorld();

  @Test
  void printsPerReviewTimeForCachedWorkloads() throws Exception {
    DecisionEngine engine = world.engine(ReleaseWorld.spec(), EscapeHatches.none());
    AdmissionReviewHandler handler = new AdmissionReviewHandler(
        () -> engine, AdmissionSettings.defaults(), AdmissionObserver.NONE, world.releases.clock);
    measure(handler, "deployment-create-recalled.json", false);
    measure(handler, "deployment-update-upgrade.json", true);
    measure(handler, "pod-create.json", true);
  }

  private static void measure(AdmissionReviewHandler handler, String fixture, boolean allowed) throws Exception {
    byte[] body = fixture(fixture);
    byte[] response = handler.handle(body);
    assertThat(AdmissionWorld.read(response).at("/response/allowed").booleanValue()).isEqualTo(allowed);
    long sink = 0;
    for (int i = 0; i < WARM_UP; i++) {
      sink += handler.handle(body).length;
    }
    long started = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      sink += handler.handle(body).length;
    }
    double micros = (System.nanoTime() - started) / 1_000.0 / MEASURED;
    assertThat(sink).isEqualTo((long) response.length * (WARM_UP + MEASURED));
    System.out.printf("admission review %-36s %6d bytes in, %4d out: %7.1f µs/review%n",
        fixture, body.length, response.length, micros);
  }
}
