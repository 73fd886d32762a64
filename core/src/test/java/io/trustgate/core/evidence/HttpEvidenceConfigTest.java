package io.trustgate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpEvidenceConfigTest {

  @Test
  void hasDocumentedDefaults() {
    assertThat(HttpEvidenceConfig.defaults()).isEqualTo(new HttpEvidenceConfig(
        Duration.ofSeconds(5), Duration.ofSeconds(10), 8 * 1024 * 1024, 5, "trustgate"));
  }

  @Test
  void changesOneKnobAtATime() {
    HttpEvidenceConfig config = HttpEvidenceConfig.defaults()
        .withConnectTimeout(Duration.ofSeconds(1))
        .withRequestTimeout(Duration.ofSeconds(2))
        .withMaxBytes(3)
        .withMaxRedirects(4)
        .withUserAgent("trustgate-cli");

    assertThat(config).isEqualTo(new HttpEvidenceConfig(
        Duration.ofSeconds(1), Duration.ofSeconds(2), 3, 4, "trustgate-cli"));
  }

  @Test
  void rejectsUnusableLimitsWithAClearMessage() {
    HttpEvidenceConfig defaults = HttpEvidenceConfig.defaults();

    assertThatThrownBy(() -> defaults.withConnectTimeout(Duration.ZERO))
        .hasMessage("connectTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> defaults.withRequestTimeout(Duration.ofSeconds(-1)))
        .hasMessage("requestTimeout must be positive, was PT-1S");
    assertThatThrownBy(() -> defaults.withMaxBytes(0))
        .hasMessage("maxBytes must be between 1 and 1073741824, was 0");
    assertThatThrownBy(() -> defaults.withMaxBytes((1L << 30) + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withMaxRedirects(-1))
        .hasMessage("maxRedirects must not be negative, was -1");
    assertThatThrownBy(() -> defaults.withUserAgent("evil\r\nX-Injected: 1"))
        .hasMessage("userAgent must be non-blank printable ASCII");
    assertThatThrownBy(() -> defaults.withUserAgent(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withRequestTimeout(null))
        .isInstanceOf(NullPointerException.class);
  }
}
