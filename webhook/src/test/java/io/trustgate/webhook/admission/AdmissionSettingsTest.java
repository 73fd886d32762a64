package io.trustgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustgate.core.decision.DecisionEngine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionSettingsTest {

  @Test
  void defaultsLeaveAQuarterOfTheApiserversTenSecondsAndUseTheEnginesImageLimit() {
    assertThat(AdmissionSettings.defaults())
        .isEqualTo(new AdmissionSettings(Duration.ofMillis(7_500), DecisionEngine.DEFAULT_MAX_IMAGES));
  }

  @Test
  void rejectsSettingsThatCouldNeverAdmitAnything() {
    assertThatThrownBy(() -> new AdmissionSettings(Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline must be positive");
    assertThatThrownBy(() -> new AdmissionSettings(Duration.ofSeconds(-1), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdmissionSettings(Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxImages must be at least 1");
  }
}
