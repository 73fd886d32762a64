package io.trustgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionMessagesTest {

  static Finding warning(int container, String message) {
    return new Finding(Reason.ESCAPE_HATCH, Finding.Level.WARN, "spec.containers[" + container + "].image",
        "ghcr.io/acme-labs/forge-dev:v0.14.0", "forge", message);
  }

  @Test
  void denialNamesTheObjectThenOneFindingPerLine() {
    Finding recalled = new Finding(Reason.RECALLED, Finding.Level.DENY, "spec.containers[1].image", "img:v1",
        "forge", "recalled by policy forge: broken;\nupgrade to 1.2.0");
    Finding unpinned = new Finding(Reason.NO_DIGEST, Finding.Level.DENY, "spec.initContainers[0].image",
        "img:v2", "forge", "pin by digest");

    assertThat(AdmissionMessages.denial("Deployment prod/web", List.of(recalled, unpinned))).isEqualTo(
        "trustgate denied Deployment prod/web:\n"
            + "spec.containers[1].image img:v1: recalled by policy forge: broken;\nupgrade to 1.2.0\n"
            + "spec.initContainers[0].image img:v2: pin by digest");
  }

  @Test
  void warningIsTheFindingLineWhenItFits() {
    Finding f = warning(0, "signature checks skipped by TRUSTGATE_SKIP_COSIGN_VERIFY=1");

    assertThat(AdmissionMessages.warnings(List.of(f))).containsExactly(f.line());
  }

  @Test
  void warningsAreFlattenedToOneLineBecauseTheApiserverDropsControlCharacters() {
    assertThat(AdmissionMessages.warning("a\nb\tc\u0000d\u007fe")).isEqualTo("a b c d e");
  }

  @Test
  void longWarningsAreCutToTheLimitWithAnEllipsis() {
    String cut = AdmissionMessages.warning("x".repeat(5000));

    assertThat(cut).hasSize(AdmissionMessages.MAX_WARNING_LENGTH).endsWith("x…");
    assertThat(AdmissionMessages.warning("y".repeat(1024))).isEqualTo("y".repeat(1024));
    assertThat(AdmissionMessages.warning("y".repeat(1025))).hasSize(1024).endsWith("…");
  }

  @Test
  void cuttingNeverSplitsASurrogatePair() {
    String line = "z".repeat(1022) + "😀" + "tail";

    String cut = AdmissionMessages.warning(line);

    assertThat(cut).isEqualTo("z".repeat(1022) + "…");
    assertThat(cut.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
  }

  @Test
  void atMostTwentyWarningsTheLastCountingTheRest() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      findings.add(warning(i, "skipped"));
    }

    List<String> warnings = AdmissionMessages.warnings(findings);

    assertThat(warnings).hasSize(AdmissionMessages.MAX_WARNINGS);
    assertThat(warnings.get(18)).isEqualTo(findings.get(18).line());
    assertThat(warnings.get(19)).isEqualTo("trustgate: 6 more warnings not shown");
    assertThat(AdmissionMessages.warnings(findings.subList(0, 20))).hasSize(20)
        .last().isEqualTo(findings.get(19).line());
  }
}
