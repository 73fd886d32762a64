package io.trustgate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MirrorEvidenceSourceTest {

  private static final String MANIFEST_URL =
      "https://github.com/acme/forge/releases/download/v1.2.3/dev-image-x86_64.manifest.json";
  private static final byte[] MANIFEST = "{\"version\": \"1.2.3\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;
  private Path root;
  private MirrorEvidenceSource mirror;

  @BeforeEach
  void createMirror() throws IOException {
    root = Files.createDirectory(temp.resolve("mirror"));
    Path release = Files.createDirectories(root.resolve("acme/forge/releases/download/v1.2.3"));
    Files.write(release.resolve("dev-image-x86_64.manifest.json"), MANIFEST);
    Files.writeString(temp.resolve("secret.txt"), "outside the mirror");
    mirror = new MirrorEvidenceSource(root);
  }

  @Test
  void mapsTheUrlPathToAFileUnderTheRoot() {
    assertThat(mirror.fetch(MANIFEST_URL)).isEqualTo(new FetchResult.Found(MANIFEST_URL, MANIFEST));
  }

  @Test
  void alsoFindsFilesLaidOutUnderTheHostName() throws IOException {
    Path byHost = Files.createDirectories(root.resolve("releases.example.test/acme/other/v2"));
    Files.write(byHost.resolve("m.json"), MANIFEST);
    String url = "https://Releases.Example.Test/acme/other/v2/m.json";
    assertThat(mirror.fetch(url)).isEqualTo(new FetchResult.Found(url, MANIFEST));
    assertThat(mirror.fetch("https://elsewhere.test/acme/other/v2/m.json")).isInstanceOf(FetchResult.NotFound.class);
  }

  @Test
  void ignoresHostSchemeQueryAndFragment() {
    String url = "http://mirror.internal:8080/acme/forge/releases/download/v1.2.3/"
        + "dev-image-x86_64.manifest.json?x=1#frag";

    assertThat(mirror.fetch(url)).isInstanceOf(FetchResult.Found.class);
  }

  @Test
  void percentDecodesThePath() throws IOException {
    Path dir = Files.createDirectories(root.resolve("acme/forge/releases/download/v1.2.3+build"));
    Files.writeString(dir.resolve("dev image.json"), "{}");
    String url = "https://github.com/acme/forge/releases/download/v1.2.3%2Bbuild/dev%20image.json";

    assertThat(mirror.fetch(url)).isInstanceOfSatisfying(FetchResult.Found.class,
        found -> assertThat(found.body()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void reportsAMissingFileAsNotFound() {
    String url = "https://github.com/acme/forge/releases/download/v9.9.9/m.json";

    assertThat(mirror.fetch(url)).isEqualTo(new FetchResult.NotFound(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://github.com/../secret.txt",
      "https://github.com/acme/../../secret.txt",
      "https://github.com/%2E%2E/secret.txt",
      "https://github.com/%2e%2e/secret.txt",
      "https://github.com/acme/..%2F..%2Fsecret.txt",
      "https://github.com/acme/..%5C..%5Csecret.txt",
      "https://github.com/./acme/forge",
  })
  void refusesPathsThatEscapeTheRoot(String url) {
    assertThat(mirror.fetch(url)).isEqualTo(
        new FetchResult.Failed(url, "URL path escapes the mirror root"));
  }

  @Test
  void refusesSymbolicLinksThatLeaveTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("acme/leak.txt"), temp.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("outside"), temp);

    assertThat(mirror.fetch("https://github.com/acme/leak.txt")).isEqualTo(new FetchResult.Failed(
        "https://github.com/acme/leak.txt",
        "URL path escapes the mirror root through a symbolic link"));
    assertThat(mirror.fetch("https://github.com/outside/secret.txt"))
        .isInstanceOfSatisfying(FetchResult.Failed.class,
            failed -> assertThat(failed.message()).contains("escapes the mirror root"));
  }

  @Test
  void followsSymbolicLinksThatStayInsideTheRoot() throws IOException {
    // Kubernetes volume mounts are symbolic links into a hidden directory of the same volume.
    Files.createSymbolicLink(root.resolve("latest"), root.resolve("acme/forge"));

    String url = "https://github.com/latest/releases/download/v1.2.3/dev-image-x86_64.manifest.json";
    assertThat(mirror.fetch(url)).isEqualTo(new FetchResult.Found(url, MANIFEST));
  }

  @Test
  void acceptsARootThatIsItselfASymbolicLink() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("mirror-link"), root);

    assertThat(new MirrorEvidenceSource(link).fetch(MANIFEST_URL))
        .isEqualTo(new FetchResult.Found(MANIFEST_URL, MANIFEST));
  }

  @Test
  void decodesPathSegmentsAsUtf8() {
    List<String> segments = new ArrayList<>();

    assertThat(MirrorEvidenceSource.decodeSegments("/a/%C3%BCn%C3%AFcode%20x/b%2Bc", segments))
        .isNull();
    assertThat(segments).containsExactly("a", "\u00fcn\u00efcode x", "b+c");
  }

  @Test
  void refusesMalformedPercentEncoding() {
    String invalidUtf8 = "https://github.com/acme/%C3%28";
    String badEscape = "https://github.com/acme/%ZZ";

    assertThat(mirror.fetch(invalidUtf8)).isEqualTo(
        new FetchResult.Failed(invalidUtf8, "URL path has an invalid percent-encoding"));
    assertThat(mirror.fetch(badEscape)).isEqualTo(new FetchResult.Failed(badEscape, "invalid URL"));
    assertThat(MirrorEvidenceSource.decodeSegments("/acme/%4", new ArrayList<>()))
        .isEqualTo("URL path has an invalid percent-encoding");
  }

  @Test
  void refusesControlCharactersAndEmptySegments() {
    assertThat(mirror.fetch("https://github.com/acme/a%00b")).isEqualTo(new FetchResult.Failed(
        "https://github.com/acme/a%00b", "URL path has control characters"));
    assertThat(mirror.fetch("https://github.com/acme//forge")).isEqualTo(new FetchResult.Failed(
        "https://github.com/acme//forge", "URL path has an empty segment"));
    assertThat(mirror.fetch("https://github.com")).isEqualTo(
        new FetchResult.Failed("https://github.com", "URL has no path"));
  }

  @Test
  void refusesDirectories() {
    assertThat(mirror.fetch("https://github.com/acme/forge")).isEqualTo(new FetchResult.Failed(
        "https://github.com/acme/forge", "mirror path is not a regular file"));
  }

  @Test
  void refusesFilesOverTheSizeLimit() throws IOException {
    Files.write(root.resolve("acme/big.json"), new byte[101]);
    Files.write(root.resolve("acme/fits.json"), new byte[100]);
    MirrorEvidenceSource small = new MirrorEvidenceSource(root, 100);

    assertThat(small.fetch("https://github.com/acme/big.json")).isEqualTo(new FetchResult.Failed(
        "https://github.com/acme/big.json", "mirror file exceeds 100 bytes"));
    assertThat(small.fetch("https://github.com/acme/fits.json")).isInstanceOf(FetchResult.Found.class);
  }

  @Test
  void refusesNonHttpUrls() {
    assertThat(mirror.fetch("file:///etc/passwd")).isEqualTo(new FetchResult.Failed(
        "file:///etc/passwd", "unsupported URL scheme 'file': only http and https"));
  }

  @Test
  void failsWhenTheRootDoesNotExist() {
    Path absent = temp.resolve("absent");

    assertThat(new MirrorEvidenceSource(absent).fetch(MANIFEST_URL)).isEqualTo(
        new FetchResult.Failed(MANIFEST_URL, "mirror root " + absent + " is not readable"));
  }

  @Test
  void rejectsAnUnusableSizeLimit() {
    assertThatThrownBy(() -> new MirrorEvidenceSource(root, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes must be between 1 and");
  }
}
