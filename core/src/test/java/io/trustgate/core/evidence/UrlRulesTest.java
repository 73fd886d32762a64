package io.trustgate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRulesTest {

  private static final URI RELEASE =
      URI.create("https://github.com/acme/forge/releases/download/v1.2.3/m.json");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /acme/forge/other.json                     | https://github.com/acme/forge/other.json
      other.json                                 | https://github.com/acme/forge/releases/download/v1.2.3/other.json
      https://objects.example.com/blob?sig=x     | https://objects.example.com/blob?sig=x
      HTTPS://objects.example.com/blob           | HTTPS://objects.example.com/blob
      //objects.example.com/blob                 | https://objects.example.com/blob
      '  https://objects.example.com/blob  '     | https://objects.example.com/blob
      """)
  void followsRedirectsOnTheSameSchemeToAnyHost(String location, String expected) {
    assertThat(UrlRules.next(RELEASE, location))
        .isEqualTo(new UrlRules.Redirect.Follow(URI.create(expected)));
  }

  @Test
  void refusesRedirectFromHttpsToHttp() {
    assertThat(UrlRules.next(RELEASE, "http://github.com/acme/forge/m.json")).isEqualTo(
        new UrlRules.Redirect.Refuse(
            "refused redirect from https to http: no redirects to other schemes"));
  }

  @Test
  void refusesRedirectFromHttpToHttps() {
    assertThat(UrlRules.next(URI.create("http://mirror.internal/m.json"), "https://mirror.internal/m.json"))
        .isEqualTo(new UrlRules.Redirect.Refuse(
            "refused redirect from http to https: no redirects to other schemes"));
  }

  @Test
  void refusesRedirectToNonHttpSchemes() {
    assertThat(UrlRules.next(RELEASE, "file:///etc/passwd")).isEqualTo(new UrlRules.Redirect.Refuse(
        "refused redirect from https to file: no redirects to other schemes"));
  }

  @Test
  void refusesRedirectsWithoutUsableLocation() {
    assertThat(UrlRules.next(RELEASE, null))
        .isEqualTo(new UrlRules.Redirect.Refuse("redirect without a Location header"));
    assertThat(UrlRules.next(RELEASE, " "))
        .isEqualTo(new UrlRules.Redirect.Refuse("redirect without a Location header"));
    assertThat(UrlRules.next(RELEASE, "https://exa mple.com/"))
        .isEqualTo(new UrlRules.Redirect.Refuse("redirect to an invalid URL"));
    assertThat(UrlRules.next(RELEASE, "https:///no-host"))
        .isEqualTo(new UrlRules.Redirect.Refuse("refused redirect: URL has no host"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      NULL                          | URL is missing
      not a url                     | invalid URL
      /relative/path                | unsupported URL scheme: only http and https
      ftp://example.com/m.json      | unsupported URL scheme 'ftp': only http and https
      file:///etc/passwd            | unsupported URL scheme 'file': only http and https
      http:///m.json                | URL has no host
      """)
  void refusesUrlsThatAreNotAbsoluteHttp(String url, String problem) {
    assertThat(UrlRules.problemWith(url, UrlRules.parse(url))).isEqualTo(problem);
  }

  @ParameterizedTest
  @CsvSource({"https://github.com/a/b", "http://127.0.0.1:8080/a", "HTTPS://[::1]:8443/a"})
  void acceptsAbsoluteHttpUrls(String url) {
    assertThat(UrlRules.problemWith(url, UrlRules.parse(url))).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
      "https://[::ffff:169.254.169.254]/latest", "https://[fd00:ec2::254]/latest",
      "https://metadata.google.internal/computeMetadata/v1/"})
  void refusesRedirectsToMetadataServices(String location) {
    assertThat(UrlRules.next(RELEASE, location)).isInstanceOf(UrlRules.Redirect.Refuse.class)
        .asString().contains("link-local or cloud metadata address");
  }
}
