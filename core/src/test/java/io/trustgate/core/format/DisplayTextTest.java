package io.trustgate.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayTextTest {

  @Test
  void keepsPrintableTextVerbatim() {
    String reason = "CVE-2026-0001: nix daemon «dev» accepts builds; upgrade to 0.14.1 — see https://x/y?a=b&c=\\d 日本 🚀";

    assertThat(DisplayText.reason(reason)).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      0a   | \\n
      0d   | \\r
      09   | \\t
      1b   | \\u001b
      00   | \\u0000
      07   | \\u0007
      7f   | \\u007f
      85   | \\u0085
      9b   | \\u009b
      2028 | \\u2028
      2029 | \\u2029
      202e | \\u202e
      202a | \\u202a
      2066 | \\u2066
      2069 | \\u2069
      200f | \\u200f
      061c | \\u061c
      feff | \\ufeff
      d800 | \\ud800
      """)
  void escapesControlAndBidiCharactersVisibly(String hex, String escaped) {
    String reason = "before" + (char) Integer.parseInt(hex, 16) + "after";

    assertThat(DisplayText.reason(reason)).isEqualTo("before" + escaped + "after");
  }

  @Test
  void aForgedKubectlLineStaysOnTheDenialLine() {
    String forged = "fixed in 0.14.1\n\u001b[32mspec.containers[1].image ok: allowed\u001b[0m\r";

    String shown = DisplayText.reason(forged);

    assertThat(shown).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b")
        .isEqualTo("fixed in 0.14.1\\n\\u001b[32mspec.containers[1].image ok: allowed\\u001b[0m\\r");
  }

  @Test
  void cutsVeryLongReasonsWithAClearMarker() {
    String reason = "x".repeat(DisplayText.MAX_REASON_CHARS + 500);

    String shown = DisplayText.reason(reason);

    assertThat(shown).startsWith("x".repeat(DisplayText.MAX_REASON_CHARS))
        .endsWith("… [reason cut, " + (DisplayText.MAX_REASON_CHARS + 500) + " characters in full]")
        .hasSizeLessThan(DisplayText.MAX_REASON_CHARS + 60);
    assertThat(DisplayText.reason("x".repeat(DisplayText.MAX_REASON_CHARS))).doesNotContain("cut");
  }

  @Test
  void neverSplitsASurrogatePairOrAnEscapeWhenCutting() {
    String pairs = "🚀".repeat(DisplayText.MAX_REASON_CHARS);
    String shown = DisplayText.reason(pairs);
    String kept = shown.substring(0, shown.indexOf('…'));
    assertThat(kept.length() % 2).isZero();
    assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();

    String escapes = "\n".repeat(DisplayText.MAX_REASON_CHARS);
    String cutEscapes = DisplayText.reason(escapes);
    assertThat(cutEscapes.substring(0, cutEscapes.indexOf('…')).replace("\\n", "")).isEmpty();
  }

  @Test
  void nullReadsAsEmpty() {
    assertThat(DisplayText.reason(null)).isEmpty();
  }
}
