package io.trustgate.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageGlobTest {

  private static final String DIGEST =
      "sha256:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      ghcr.io/acme-labs/forge-dev*  | ghcr.io/acme-labs/forge-dev:v1.1.0@%s  | true
      ghcr.io/acme-labs/forge-dev*  | ghcr.io/acme-labs/forge-dev-extra      | true
      ghcr.io/acme-labs/forge-dev*  | ghcr.io/acme-labs/forge-dev/sub        | false
      ghcr.io/acme-labs/forge-dev*  | ghcr.io/acme-labs/forge-builder        | false
      ghcr.io/acme-labs/forge-dev*  | ghcr.io/acme-labs/x/forge-dev          | false
      ghcr.io/acme-labs/forge-dev*  | quay.io/acme-labs/forge-dev            | false
      ghcr.io/acme-labs/**          | ghcr.io/acme-labs/a/b/c                | true
      ghcr.io/acme-labs/**          | ghcr.io/acme-labs/a                    | true
      ghcr.io/acme-labs/**          | ghcr.io/acme-labs                      | false
      ghcr.io/acme-labs/**          | ghcr.io/acme-labs-evil/a               | false
      ghcr.io/*/forge               | ghcr.io/x/forge                        | true
      ghcr.io/*/forge               | ghcr.io/x/y/forge                      | false
      ghcr.io/**/forge              | ghcr.io/x/y/forge                      | true
      ghcr.io/**/forge              | ghcr.io/x/forge-not                    | false
      ghcr.io/acme/app.v1           | ghcr.io/acme/appxv1                    | false
      ghcr.io/acme/app.v1           | ghcr.io/acme/app.v1:latest             | true
      ghcr.io/acme/app              | ghcr.io/acme/app-extra                 | false
      nginx                         | nginx:1.27                             | true
      nginx                         | docker.io/library/nginx                | true
      nginx                         | index.docker.io/nginx                  | true
      nginx                         | ghcr.io/nginx                          | false
      nginx                         | nginx-extra                            | false
      nginx                         | acme/nginx                             | false
      acme/app*                     | acme/app-server                        | true
      acme/app*                     | docker.io/acme/app                     | true
      acme/app*                     | ghcr.io/acme/app                       | false
      */app                         | acme/app                               | true
      */app                         | app                                    | true
      */app                         | a/b/app                                | false
      docker.io/**                  | nginx                                  | true
      docker.io/**                  | acme/app                               | true
      docker.io/**                  | ghcr.io/acme/app                       | false
      **                            | ghcr.io/x                              | true
      **                            | nginx                                  | true
      **                            | localhost:5000/a/b                     | true
      **/forge-dev*                 | ghcr.io/acme/forge-dev                 | true
      **/forge-dev*                 | quay.io/x/y/forge-dev-1                | true
      **/forge-dev*                 | ghcr.io/acme/forge-builder             | false
      *.example.com/app             | registry.example.com/app               | true
      *.example.com/app             | example.com/app                        | false
      localhost:5000/*              | localhost:5000/app                     | true
      localhost:5000/*              | localhost:5001/app                     | false
      localhost:*/app               | localhost:5001/app                     | true
      [::1]:5000/app                | [::1]:5000/app                         | true
      [::1]:5000/app                | [::2]:5000/app                         | false
      GHCR.io/acme/app              | ghcr.io/acme/app                       | true
      ghcr.io/acme/app              | GHCR.IO/acme/app                       | true
      ghcr.io/acme/app*             | Ghcr.Io/acme/app-x                     | true
      """)
  void matchesImageNames(String glob, String image, boolean expected) throws Exception {
    ImageRef ref = ImageRef.parse(image.formatted(DIGEST));

    assertThat(ImageGlob.compile(glob).matches(ref)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      nginx                    | docker.io/library/nginx
      ngin*                    | docker.io/library/ngin*
      acme/app*                | docker.io/acme/app*
      */app                    | docker.io/*/app
      index.docker.io/x        | docker.io/library/x
      docker.io/**             | docker.io/**
      docker.io/*              | docker.io/library/*
      **                       | **
      **/forge                 | **/forge
      GHCR.IO/acme/app         | ghcr.io/acme/app
      localhost/app            | localhost/app
      *.example.com/app        | *.example.com/app
      """)
  void normalisesLikeAReferenceName(String glob, String normalised) {
    assertThat(ImageGlob.compile(glob).normalised()).isEqualTo(normalised);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      NULL                         | image glob is empty
      ''                           | image glob is empty
      nginx:latest                 | must not contain a tag
      ghcr.io/acme/app:v*          | must not contain a tag
      nginx@sha256:abc             | must not contain a digest
      ghcr.io/Acme/*               | repository path must be lowercase
      **/Forge                     | repository path must be lowercase
      ghcr.io//x                   | has an empty path segment
      ghcr.io/x/                   | has an empty path segment
      /x                           | has an empty path segment
      ghcr.io/***                  | contains '***'
      ghcr.io/a b                  | unsupported character at position 9
      ghcr.io/a?                   | unsupported character at position 9
      ghcr.io/{a,b}                | unsupported character at position 8
      ghcr.io/a[0]                 | '[' and ']' only around an IPv6 registry address
      ghcr.io/\u00e9               | unsupported character at position 8
      """)
  void rejectsUnusableGlobsWithAClearMessage(String glob, String messageFragment) {
    assertThatThrownBy(() -> ImageGlob.compile(glob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(messageFragment);
  }

  @Test
  void rejectsOverlongGlobs() {
    assertThatThrownBy(() -> ImageGlob.compile("ghcr.io/" + "a".repeat(1020)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image glob is longer than 1024 characters");
  }

  @Test
  void keepsTheGlobAsWritten() {
    ImageGlob glob = ImageGlob.compile("acme/app*");

    assertThat(glob.glob()).isEqualTo("acme/app*");
    assertThat(glob).hasToString("acme/app*");
    assertThat(glob).isEqualTo(ImageGlob.compile("acme/app*")).isNotEqualTo(ImageGlob.compile("acme/*"));
  }

  @Test
  void ignoresTagAndDigestWhenMatching() throws Exception {
    ImageGlob glob = ImageGlob.compile("ghcr.io/acme/app");

    assertThat(glob.matches(ImageRef.parse("ghcr.io/acme/app"))).isTrue();
    assertThat(glob.matches(ImageRef.parse("ghcr.io/acme/app:v1@" + DIGEST))).isTrue();
  }

  @Test
  void matchesInLinearTimeOnAdversarialNames() throws Exception {
    ImageGlob glob = ImageGlob.compile("**a**a**a**a**a**a**a**a**a**a**b");
    ImageRef ref = ImageRef.parse("ghcr.io/" + "a/".repeat(120) + "aaaaaa");

    boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      boolean any = false;
      for (int i = 0; i < 1_000; i++) {
        any |= glob.matches(ref);
      }
      return any;
    });
    assertThat(matched).isFalse();
  }

  @Test
  void refusesAGlobWhoseRegistryNoImageCanHave() {
    // Found by ImageReferenceFuzzTest: it compiled, governed nothing, and its normalised form did not compile.
    assertThatThrownBy(() -> ImageGlob.compile("YHOST[a/p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unusable registry");
  }

  @Test
  void refusesARegistryPatternThatIsARegistryOnlyByItsCapitals() {
    // Lowercased, "yhost**pyhost/axp" would read as a Docker Hub repository: the glob had two meanings.
    assertThatThrownBy(() -> ImageGlob.compile("YHOST**pYHOST/axp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only by its capital letters");
  }

  @Test
  void refusesAWildcardRegistryWithTwoPorts() {
    // Found by ImageReferenceFuzzTest: "*0.1:443:443/o/o" normalised to "*0.1:443/o/o", which
    // normalised again to "*0.1/o/o" (normalisation must be idempotent).
    assertThatThrownBy(() -> ImageGlob.compile("*0.1:443:443/o/o"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one port");
    assertThat(ImageGlob.compile("*.example.com:443/app").normalised()).isEqualTo("*.example.com/app");
  }

  @Test
  void theLengthLimitHoldsForTheNormalisedForm() {
    // Found by ImageReferenceFuzzTest: a 1,016-character Docker Hub glob compiled, and its
    // normalised form (docker.io/library/...) was over the limit, so it did not.
    String name = "a".repeat(1010);
    assertThatThrownBy(() -> ImageGlob.compile(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("once normalised");
    ImageGlob longest = ImageGlob.compile("ghcr.io/" + "a".repeat(1016));
    assertThat(ImageGlob.compile(longest.normalised()).normalised()).isEqualTo(longest.normalised());
  }

  @Test
  void singleLabelHostGlobsGovernEverySpellingOfTheHost() throws Exception {
    ImageGlob glob = ImageGlob.compile("MYHOST/**");
    assertThat(glob.normalised()).isEqualTo("myhost:443/**");
    for (String image : List.of("MYHOST/app:1", "Myhost/app:1", "myhost:443/app:1", "myhost:0443/team/app:1")) {
      assertThat(glob.matches(ImageRef.parse(image))).as(image).isTrue();
    }
    assertThat(ImageGlob.compile("myhost*:443/app").normalised()).isEqualTo("myhost*:443/app");
  }
}
