package io.trustgate.core.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityMatcherTest {
  private static final String WORKFLOW =
      "https://github.com/acme/forge/.github/workflows/release.yml@refs/tags/v1.2.3";

  @Test
  void exactMatchesOnlyTheWholeStringCaseSensitively() {
    IdentityMatcher m = IdentityMatcher.exact(WORKFLOW);
    assertThat(m.matches(WORKFLOW)).isTrue();
    assertThat(m.matches(WORKFLOW + "x")).isFalse();
    assertThat(m.matches(WORKFLOW.substring(1))).isFalse();
    assertThat(m.matches(WORKFLOW.toUpperCase())).isFalse();
    assertThat(m.matches(null)).isFalse();
  }

  @Test
  void fullMatchIsImplicitlyAnchored() {
    IdentityMatcher m = IdentityMatcher.fullMatch("https://github\\.com/acme/forge/.*");
    assertThat(m.matches(WORKFLOW)).isTrue();
    assertThat(m.matches("evil:" + WORKFLOW)).isFalse();
    assertThat(IdentityMatcher.fullMatch("release\\.yml").matches(WORKFLOW)).isFalse();
  }

  @Test
  void fullMatchAnchorsEveryAlternative() {
    IdentityMatcher m = IdentityMatcher.fullMatch("a|b");
    assertThat(m.matches("a")).isTrue();
    assertThat(m.matches("b")).isTrue();
    assertThat(m.matches("ab")).isFalse();
    assertThat(m.matches("xb")).isFalse();
  }

  @Test
  void searchMatchesAnySubstringLikeGoMatchString() {
    IdentityMatcher m = IdentityMatcher.search("release\\.yml");
    assertThat(m.matches(WORKFLOW)).isTrue();
    assertThat(m.matches("https://github.com/acme/forge/.github/workflows/ci.yml")).isFalse();
    assertThat(IdentityMatcher.search("^https://github\\.com/acme/").matches(WORKFLOW)).isTrue();
    assertThat(IdentityMatcher.search("^acme").matches(WORKFLOW)).isFalse();
    assertThat(m.matches(null)).isFalse();
  }

  @Test
  void regexesUseRe2SyntaxNotJavaUtilRegex() {
    // Backreferences and lookaround exist in java.util.regex but not in RE2.
    assertThatThrownBy(() -> IdentityMatcher.fullMatch("(a)\\1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid RE2 regular expression");
    assertThatThrownBy(() -> IdentityMatcher.search("foo(?=bar)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(", "[a-", "a{2,1}", "*x"})
  void rejectsInvalidRegexWithAClearMessage(String pattern) {
    assertThatThrownBy(() -> IdentityMatcher.fullMatch(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid RE2 regular expression '" + pattern + "'");
    assertThatThrownBy(() -> IdentityMatcher.search(pattern))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> factories() {
    return Stream.of(
        Arguments.of("exact", (Function<String, IdentityMatcher>) IdentityMatcher::exact),
        Arguments.of("fullMatch", (Function<String, IdentityMatcher>) IdentityMatcher::fullMatch),
        Arguments.of("search", (Function<String, IdentityMatcher>) IdentityMatcher::search));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("factories")
  void refusesToBuildAnEmptyMatcher(String name, Function<String, IdentityMatcher> factory) {
    for (String empty : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> factory.apply(empty))
          .as("%s(%s)", name, empty)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not be null or empty");
    }
  }

  @Test
  void describesMatchersBriefly() {
    assertThat(IdentityMatcher.exact("https://x").describe()).isEqualTo("\"https://x\"");
    assertThat(IdentityMatcher.fullMatch("^a.*$").describe()).isEqualTo("regex ^a.*$");
    assertThat(IdentityMatcher.search("a.*").describe()).isEqualTo("regex a.* (substring search)");
  }

  @Test
  void equalMatchersAreEqualAndSemanticsDistinguishThem() {
    assertThat(IdentityMatcher.fullMatch("a.*")).isEqualTo(IdentityMatcher.fullMatch("a.*"));
    assertThat(IdentityMatcher.fullMatch("a.*").hashCode())
        .isEqualTo(IdentityMatcher.fullMatch("a.*").hashCode());
    assertThat(IdentityMatcher.fullMatch("a.*")).isNotEqualTo(IdentityMatcher.search("a.*"));
    assertThat(IdentityMatcher.exact("a")).isEqualTo(IdentityMatcher.exact("a"));
  }

  @ParameterizedTest
  @NullSource
  void signerIdentityRequiresBothMatchers(IdentityMatcher missing) {
    IdentityMatcher present = IdentityMatcher.exact("https://token.actions.githubusercontent.com");
    assertThatThrownBy(() -> new SignerIdentity(missing, present))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignerIdentity(present, missing))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signerIdentityDescribesIdentityAndIssuer() {
    var signer =
        new SignerIdentity(
            IdentityMatcher.exact("https://token.actions.githubusercontent.com"),
            IdentityMatcher.fullMatch("https://github\\.com/acme/.*"));
    assertThat(signer.describe())
        .isEqualTo(
            "regex https://github\\.com/acme/.* issued by"
                + " \"https://token.actions.githubusercontent.com\"");
  }
}
