package io.trustgate.core.policy;

import static io.trustgate.core.policy.PolicyCompilerTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compiler's limits: pattern and URL lengths, refresh and staleness bounds, metadata URLs. */
class PolicyLimitsTest {
  static final String LONG_REGEX = "a".repeat(PolicyLimits.MAX_PATTERN_LENGTH + 1);

  @Test
  void refusesOverlongPatternsNamingTheFieldAndTheLimit() {
    String limit = "is " + (PolicyLimits.MAX_PATTERN_LENGTH + 1) + " characters long, more than the limit of "
        + PolicyLimits.MAX_PATTERN_LENGTH;
    assertThat(problems(s -> s.manifests.signer.identityRegex = LONG_REGEX))
        .containsExactly("spec.manifests.signer.identityRegex: " + limit);
    assertThat(problems(s -> {
      s.manifests.signer.issuer = null;
      s.manifests.signer.issuerRegex = LONG_REGEX;
    })).containsExactly("spec.manifests.signer.issuerRegex: " + limit);
    assertThat(problems(s -> s.revocations.signer.identity = LONG_REGEX))
        .containsExactly("spec.revocations.signer.identity: " + limit);
    assertThat(problems(s -> s.versionFromTag = "(?P<version>" + LONG_REGEX + ")"))
        .singleElement().asString().startsWith("spec.versionFromTag: is " + (PolicyLimits.MAX_PATTERN_LENGTH + 14));
    assertThat(problems(s -> s.images.get(0).glob = "ghcr.io/" + "a".repeat(1100)))
        .singleElement().asString().startsWith("spec.images[0].glob: ").contains("longer than 1024 characters");
  }

  @Test
  void acceptsPatternsUpToTheLimit() {
    assertThat(problems(s -> s.manifests.signer.identityRegex = "x".repeat(PolicyLimits.MAX_PATTERN_LENGTH - 10) + "{version}"))
        .isEmpty();
  }

  @Test
  void refusesARegexWhoseRepetitionsExpandBeyondTheLimit() {
    List<String> found = problems(s -> s.manifests.signer.identityRegex = "((((a{100}){100}){100}){100})");

    assertThat(found).singleElement().asString()
        .startsWith("spec.manifests.signer.identityRegex: ").contains("repetition");
  }

  @Test
  void refusesOverlongUrls() {
    String url = "https://example.com/" + "a".repeat(PolicyLimits.MAX_URL_LENGTH);

    assertThat(problems(s -> s.revocations.url = url)).containsExactly(
        "spec.revocations.url: is " + url.length() + " characters long, more than the limit of " + PolicyLimits.MAX_URL_LENGTH);
  }

  @ParameterizedTest(name = "refreshInterval {0}")
  @ValueSource(strings = {"1ms", "9s", "9999ms", "1s"})
  void refusesRefreshIntervalsBelowOneMinute(String interval) {
    assertThat(problems(s -> s.revocations.refreshInterval = interval))
        .containsExactly("spec.revocations.refreshInterval: must be at least 10s, got " + interval);
  }

  @Test
  void boundsRefreshIntervalAndMaxStalenessFromAbove() {
    assertThat(problems(s -> {
      s.revocations.refreshInterval = "10s";
      s.revocations.maxStaleness = "10s";
    })).isEmpty();
    assertThat(problems(s -> {
      s.revocations.refreshInterval = "169h";
      s.revocations.maxStaleness = "200h";
    })).containsExactly("spec.revocations.refreshInterval: must be at most 168h, got 169h");
    assertThat(problems(s -> s.revocations.maxStaleness = "2161h"))
        .containsExactly("spec.revocations.maxStaleness: must be at most 2160h, got 2161h");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "http://169.254.169.254/latest/meta-data/",
      "http://169.254.0.1/list.json",
      "https://169.254.255.255:8443/list.json",
      "http://[fe80::1]/list.json",
      "http://[FE80::a9fe:a9fe]/list.json",
      "http://[febf::1]/list.json",
      "http://[fd00:ec2::254]/latest",
      "http://[fd00:ec2:0::254]/latest",
      "http://[::ffff:169.254.169.254]/latest",
      "http://[::ffff:a9fe:a9fe]/latest",
      "http://[0:0:0:0:0:ffff:a9fe:a9fe]/latest",
      "http://[::169.254.169.254]/latest",
      "http://2852039166/latest",
      "http://0xa9fea9fe/latest",
      "http://0xA9.0xFE.0xA9.0xFE/latest",
      "http://0251.0376.0251.0376/latest",
      "http://169.254.43518/latest",
      "http://169.16689662/latest",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/"})
  void refusesLinkLocalAndMetadataServiceUrls(String url) {
    assertThat(problems(s -> s.revocations.url = url)).singleElement().asString()
        .startsWith("spec.revocations.url: ")
        .contains("link-local or cloud metadata");
    assertThat(problems(s -> s.manifests.url = url + "/v{version}/{variant}-{arch}.json")).singleElement().asString()
        .startsWith("spec.manifests.url: ");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "https://github.com/acme-labs/forge/releases/download/revocations/revoked-versions.json",
      "http://10.0.0.5:8080/revoked-versions.json",
      "http://169.253.255.255/list.json",
      "http://169.255.0.1/list.json",
      "http://[fec0::1]/list.json",
      "http://[fd00:ec2::253]/list.json",
      "http://[::1]:8080/list.json",
      "http://127.0.0.1:8080/list.json",
      "https://metadata.example.com/list.json"})
  void acceptsOtherHosts(String url) {
    assertThat(problems(s -> s.revocations.url = url)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', textBlock = """
      x{1000}                  ; true
      (x{10}){100}             ; true
      (x{10}){101}             ; false
      (x{10,}){101}            ; false
      (x{1,10}){101}           ; false
      [{](x{1000}){2}          ; false
      [x{]{1000}               ; true
      \\{1000\\}(a{999})   ; true
      (?:a{2}|b{1000}){2}      ; false
      \\Q{1000}{1000}\\E   ; true
      \\p{Greek}{1000}       ; true
      a{1000}b{1000}c{1000}    ; true
      ((a{9}){9}){9}           ; true
      ((a{9}){9}){13}          ; false
      """)
  void boundsTheProductOfNestedRepetitions(String regex, boolean accepted) {
    assertThat(RepetitionBudget.problemWith(regex) == null).as(regex).isEqualTo(accepted);
  }
}
