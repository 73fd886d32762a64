package io.trustgate.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A governed image is governed however its registry is spelled, in the image and in the glob. */
class RegistrySpellingTest {

  private static final String DIGEST =
      "sha256:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

  private static final List<String> GHCR_IMAGES = List.of(
      "ghcr.io/acme-labs/forge-dev:v1.1.0@" + DIGEST,
      "GHCR.IO/acme-labs/forge-dev:v1.1.0@" + DIGEST,
      "Ghcr.Io/acme-labs/forge-dev:v1.1.0@" + DIGEST,
      "ghcr.io:443/acme-labs/forge-dev:v1.1.0@" + DIGEST,
      "GHCR.io:443/acme-labs/forge-dev:v1.1.0@" + DIGEST,
      "ghcr.io:0443/acme-labs/forge-dev:v1.1.0@" + DIGEST);

  private static final List<String> GHCR_GLOBS = List.of(
      "ghcr.io/acme-labs/forge-dev*", "GHCR.IO/acme-labs/forge-dev*", "ghcr.io:443/acme-labs/forge-dev*",
      "ghcr.io:00443/acme-labs/forge-dev", "**/forge-dev", "ghcr.io/**");

  private static final List<String> HUB_IMAGES = List.of(
      "forgeapp:v1",
      "docker.io/forgeapp",
      "DOCKER.IO/forgeapp",
      "docker.io/library/forgeapp",
      "index.docker.io/forgeapp",
      "INDEX.DOCKER.IO/forgeapp",
      "Index.Docker.Io:443/library/forgeapp",
      "registry-1.docker.io/forgeapp",
      "REGISTRY-1.DOCKER.IO/library/forgeapp@" + DIGEST,
      "registry-1.docker.io:443/forgeapp",
      "docker.io:443/forgeapp");

  private static final List<String> HUB_GLOBS = List.of(
      "forgeapp", "forgeapp*", "docker.io/forgeapp", "DOCKER.IO/library/forgeapp*",
      "index.docker.io/forgeapp*", "INDEX.DOCKER.IO/forgeapp", "registry-1.docker.io/library/forgeapp",
      "Registry-1.Docker.IO:443/forgeapp*", "docker.io/**", "*/forgeapp");

  @Test
  void everySpellingOfAGovernedRegistryIsGovernedByEverySpellingOfTheGlob() throws Exception {
    List<String> missed = new ArrayList<>();
    missed.addAll(misses(GHCR_GLOBS, GHCR_IMAGES));
    missed.addAll(misses(HUB_GLOBS, HUB_IMAGES));
    missed.addAll(misses(List.of("acme/forge-dev*", "INDEX.DOCKER.IO/acme/forge-dev*"),
        List.of("registry-1.docker.io/acme/forge-dev:v1", "Docker.IO:443/acme/forge-dev-x", "acme/forge-dev")));
    assertThat(missed).as("image spellings a glob fails to govern").isEmpty();
  }

  private static List<String> misses(List<String> globs, List<String> images) throws Exception {
    List<String> missed = new ArrayList<>();
    for (String glob : globs) {
      ImageGlob compiled = ImageGlob.compile(glob);
      for (String image : images) {
        if (!compiled.matches(ImageRef.parse(image))) {
          missed.add(glob + " !~ " + image);
        }
      }
    }
    return missed;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      GHCR.IO:443/acme/app:v1         | ghcr.io/acme/app:v1
      ghcr.io:0443/acme/app           | ghcr.io/acme/app
      ghcr.io:8443/acme/app           | ghcr.io:8443/acme/app
      ghcr.io:08443/acme/app          | ghcr.io:8443/acme/app
      REGISTRY-1.DOCKER.IO:443/nginx  | docker.io/library/nginx
      registry-1.docker.io:5000/nginx | registry-1.docker.io:5000/nginx
      docker.io:5000/nginx            | docker.io:5000/nginx
      [::1]:443/app                   | [::1]/app
      [FE80::1]:5000/app              | [fe80::1]:5000/app
      10.0.0.1:443/app                | 10.0.0.1/app
      LOCALHOST:443/app               | localhost/app
      Uppercase/app                   | uppercase:443/app
      FOO:443/app                     | foo:443/app
      foo:0443/app                    | foo:443/app
      """)
  void parsesToOneCanonicalRegistry(String input, String canonical) throws Exception {
    ImageRef ref = ImageRef.parse(input);
    assertThat(ref.toString()).isEqualTo(canonical);
    assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      ghcr.io/acme/app          | ghcr.io:8443/acme/app       | false
      ghcr.io:8443/acme/app     | GHCR.IO:08443/acme/app      | true
      ghcr.io:8443/acme/app     | ghcr.io/acme/app            | false
      ghcr.io:*/acme/app        | ghcr.io:8443/acme/app       | true
      ghcr.io:*/acme/app        | ghcr.io:443/acme/app        | false
      10.0.0.1/acme/app         | 10.0.0.1:443/acme/app       | true
      10.0.0.1/acme/app         | ghcr.io/acme/app            | false
      ghcr.io/acme/app          | 140.82.112.33/acme/app      | false
      **/acme/app               | 140.82.112.33:5000/acme/app | true
      *.example.com/app         | REG.EXAMPLE.COM:443/app     | true
      *.example.com:0443/app    | reg.example.com/app         | true
      """)
  void portsAndIpLiteralsAreDifferentRegistries(String glob, String image, boolean expected) throws Exception {
    assertThat(ImageGlob.compile(glob).matches(ImageRef.parse(image))).isEqualTo(expected);
  }
}
