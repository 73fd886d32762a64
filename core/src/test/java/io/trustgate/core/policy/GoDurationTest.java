package io.trustgate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({"24h,PT24H", "168h,PT168H", "90m,PT1H30M", "1h30m,PT1H30M", "45s,PT45S", "500ms,PT0.5S", "1h0m5s,PT1H5S"})
  void parsesKubernetesStyleDurations(String text, String iso) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "h", "24", "24x", "1d", "-5m", "1.5h", " 5m", "99999999999999999999h"})
  void rejectsOtherSpellings(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"24h", "1h30m", "45s", "2h0m0s500ms"})
  void formatsWhatItParses(String text) {
    assertThat(GoDuration.parse(GoDuration.format(GoDuration.parse(text)))).isEqualTo(GoDuration.parse(text));
  }
}
