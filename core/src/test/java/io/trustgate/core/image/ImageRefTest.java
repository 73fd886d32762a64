package io.trustgate.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

  private static final String SHA256 =
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
  private static final String SHA512 =
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
          + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
  private static final String FORGE_DIGEST =
      "sha256:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

  /** input, registry, repository, tag, digest (null = absent). */
  static Stream<Arguments> validReferences() {
    return Stream.of(
        // distribution/reference reference_test.go, normalised as ParseNormalizedNamed does
        ref("test_com", "docker.io", "library/test_com", null, null),
        ref("test.com:tag", "docker.io", "library/test.com", "tag", null),
        ref("test.com:5000", "docker.io", "library/test.com", "5000", null),
        ref("test.com/repo:tag", "test.com", "repo", "tag", null),
        ref("test:5000/repo", "test:5000", "repo", null, null),
        ref("test:5000/repo:tag", "test:5000", "repo", "tag", null),
        ref("test:5000/repo@sha256:" + SHA256, "test:5000", "repo", null, "sha256:" + SHA256),
        ref("test:5000/repo:tag@sha256:" + SHA256, "test:5000", "repo", "tag", "sha256:" + SHA256),
        // Host names are case-insensitive: a single-label host is spelled lowercase, with :443.
        ref("Uppercase/lowercase:tag", "uppercase:443", "lowercase", "tag", null),
        ref("lowercase:Uppercase", "docker.io", "library/lowercase", "Uppercase", null),
        ref("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null),
        ref("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux",
            "some-long-tag", null),
        ref("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io",
            "test.example.com/my-app", "test.example.com", null),
        ref("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null),
        ref("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + SHA512, "xn--7o8h.com", "myimage",
            "xn--7o8h.com", "sha512:" + SHA512),
        ref("foo_bar.com:8080", "docker.io", "library/foo_bar.com", "8080", null),
        ref("foo/foo_bar.com:8080", "docker.io", "foo/foo_bar.com", "8080", null),
        ref("192.168.1.1", "docker.io", "library/192.168.1.1", null, null),
        ref("192.168.1.1:tag", "docker.io", "library/192.168.1.1", "tag", null),
        ref("192.168.1.1:5000", "docker.io", "library/192.168.1.1", "5000", null),
        ref("192.168.1.1/repo", "192.168.1.1", "repo", null, null),
        ref("192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", null, null),
        ref("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null),
        ref("[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null),
        ref("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null),
        ref("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", null, null),
        ref("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null),
        ref("[2001:db8::1]:5000/repo@sha256:" + SHA256, "[2001:db8::1]:5000", "repo", null,
            "sha256:" + SHA256),
        ref("[2001:db8::1]:5000/repo:tag@sha256:" + SHA256, "[2001:db8::1]:5000", "repo", "tag",
            "sha256:" + SHA256),
        ref("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", null, null),
        ref("[::1]:5000/repo", "[::1]:5000", "repo", null, null),
        // distribution/reference normalize_test.go (valid names)
        ref("docker/docker", "docker.io", "docker/docker", null, null),
        ref("library/debian", "docker.io", "library/debian", null, null),
        ref("debian", "docker.io", "library/debian", null, null),
        ref("docker.io/docker/docker", "docker.io", "docker/docker", null, null),
        ref("docker.io/library/debian", "docker.io", "library/debian", null, null),
        ref("docker.io/debian", "docker.io", "library/debian", null, null),
        ref("index.docker.io/docker/docker", "docker.io", "docker/docker", null, null),
        ref("index.docker.io/library/debian", "docker.io", "library/debian", null, null),
        ref("index.docker.io/debian", "docker.io", "library/debian", null, null),
        ref("127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker", null, null),
        ref("127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian", null, null),
        ref("127.0.0.1:5000/debian", "127.0.0.1:5000", "debian", null, null),
        ref("192.168.0.1", "docker.io", "library/192.168.0.1", null, null),
        ref("192.168.0.1:80", "docker.io", "library/192.168.0.1", "80", null),
        ref("192.168.0.1:8/debian", "192.168.0.1:8", "debian", null, null),
        ref("192.168.0.2:25000/debian", "192.168.0.2:25000", "debian", null, null),
        ref("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker.io",
            "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", null, null),
        ref("[fc00::1]:5000/docker", "[fc00::1]:5000", "docker", null, null),
        ref("[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", null, null),
        ref("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000",
            "library/debian", null, null),
        ref("docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "docker.io", "library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            null, null),
        ref("Docker/docker", "docker:443", "docker", null, null),
        // localhost is a registry only when followed by a path
        ref("localhost/foo", "localhost", "foo", null, null),
        ref("localhost:5000/foo/bar:1.0", "localhost:5000", "foo/bar", "1.0", null),
        ref("localhost", "docker.io", "library/localhost", null, null),
        ref("localhost:5000", "docker.io", "library/localhost", "5000", null),
        ref("localhostx/foo", "docker.io", "localhostx/foo", null, null),
        // separators
        ref("a/b__c", "docker.io", "a/b__c", null, null),
        ref("a/b---c", "docker.io", "a/b---c", null, null),
        ref("a/b.c_d-e", "docker.io", "a/b.c_d-e", null, null),
        // tags
        ref("nginx:_", "docker.io", "library/nginx", "_", null),
        ref("nginx:" + "a".repeat(128), "docker.io", "library/nginx", "a".repeat(128), null),
        ref("nginx:1.27.0-alpine3.20_x", "docker.io", "library/nginx", "1.27.0-alpine3.20_x", null),
        // the shape trustgate governs
        ref("ghcr.io/acme-labs/forge-dev:v1.1.0@" + FORGE_DIGEST, "ghcr.io", "acme-labs/forge-dev",
            "v1.1.0", FORGE_DIGEST),
        ref("ghcr.io/acme-labs/forge-dev@" + FORGE_DIGEST, "ghcr.io", "acme-labs/forge-dev", null,
            FORGE_DIGEST),
        ref("nginx@sha384:" + "0".repeat(96), "docker.io", "library/nginx", null,
            "sha384:" + "0".repeat(96)));
  }

  private static Arguments ref(String input, String registry, String repository, String tag,
      String digest) {
    return Arguments.of(input, registry, repository, tag, digest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validReferences")
  void parsesAndNormalisesValidReferences(String input, String registry, String repository,
      String tag, String digest) throws Exception {
    ImageRef ref = ImageRef.parse(input);

    assertThat(ref).isEqualTo(new ImageRef(registry, repository, tag, digest));
    assertThat(ref.name()).isEqualTo(registry + "/" + repository);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validReferences")
  void canonicalFormParsesBackToTheSameReference(String input) throws Exception {
    ImageRef ref = ImageRef.parse(input);

    assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
  }

  /** input, a fragment of the expected message. */
  static Stream<Arguments> invalidReferences() {
    return Stream.of(
        // distribution/reference reference_test.go
        bad("", "image reference is empty"),
        bad(":justtag", "repository name is empty"),
        bad("@sha256:" + SHA256, "repository name is empty"),
        bad("repo@sha256:" + "f".repeat(62), "sha256 digest must have exactly 64 hexadecimal digits"),
        bad("validname@invaliddigest:" + SHA256, "unsupported digest algorithm 'invaliddigest'"),
        bad("Uppercase:tag", "repository name must be lowercase"),
        bad("test:5000/Uppercase/lowercase:tag", "repository name must be lowercase"),
        bad("a/".repeat(128) + "a:tag", "repository name is longer than 255 characters"),
        // 255 characters as written, but docker.io/ is prepended by normalisation
        bad("a/".repeat(127) + "a:tag-puts-this-over-max", "longer than 255 characters"),
        bad("aa/asdf$$^/aa", "contains the character '$' at position 7"),
        bad("[2001:db8::1]", "repository path"),
        bad("[2001:db8::1]:5000", "repository path"),
        bad("[2001:db8::1]:tag", "repository path"),
        bad("[fe80::1%eth0]:5000/repo", "contains the character '%' at position 8"),
        bad("[fe80::1%@invalidzone]:5000/repo", "contains the character '%'"),
        // distribution/reference normalize_test.go (invalid names)
        bad("https://github.com/docker/docker", "registry port must be ':' followed by digits"),
        bad("docker/Docker", "repository name must be lowercase"),
        bad("-docker", "must start with a letter or digit"),
        bad("-docker/docker", "must start with a letter or digit"),
        bad("-docker.io/docker/docker", "registry host labels must not start or end with '-'"),
        bad("docker///docker", "repository path has an empty component"),
        bad("docker.io/docker/Docker", "repository name must be lowercase"),
        bad("docker.io/docker///docker", "repository path has an empty component"),
        bad("[fc00::1]", "repository path"),
        bad("[fc00::1]:5000", "repository path"),
        bad("fc00::1:5000/debian", "registry port must be ':' followed by digits"),
        bad("[fe80::1%eth0]:5000/debian", "contains the character '%'"),
        bad("[2001:db8:3:4::192.0.2.33]:5000/debian", "IPv6 registry address may contain only"),
        bad("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "bare 64-character hexadecimal image ID"),
        // structure
        bad("@", "digest after '@' is empty"),
        bad("::", "tag after ':' is empty"),
        bad(":", "tag after ':' is empty"),
        bad("/", "repository path has an empty component"),
        bad("//", "repository path has an empty component"),
        bad("a@b@c", "more than one '@'"),
        bad("nginx@", "digest after '@' is empty"),
        bad("nginx:", "tag after ':' is empty"),
        bad("nginx:@sha256:" + SHA256, "tag after ':' is empty"),
        bad("ghcr.io/", "repository path is empty"),
        bad("ghcr.io/acme/app/", "repository path has an empty component"),
        bad("ghcr.io//app", "repository path has an empty component"),
        // registry host and port
        bad("ghcr..io/app", "registry host has an empty label"),
        bad(".ghcr.io/app", "registry host has an empty label"),
        bad("ghcr-.io/app", "must not start or end with '-'"),
        bad("gh_cr.io/app", "registry host may contain only letters, digits, '-' and '.'"),
        bad("ghcr.io:/app", "registry port must be ':' followed by digits"),
        bad("ghcr.io:80a/app", "registry port must be ':' followed by digits"),
        bad("[::1/app", "IPv6 registry address is missing its closing ']'"),
        bad("[]:5000/app", "IPv6 registry address is empty"),
        bad("[::1]x/app", "registry port must be ':' followed by digits"),
        // path separators
        bad("a/b..c", "invalid separator '..'"),
        bad("a/b._c", "invalid separator '._'"),
        bad("a/b___c", "invalid separator '___'"),
        bad("a/b-_c", "invalid separator '-_'"),
        bad("a/-b", "must start with a letter or digit"),
        bad("a/b-", "must end with a letter or digit"),
        bad("a/.b", "must start with a letter or digit"),
        bad("a/b+c", "repository path may contain only lowercase letters"),
        bad("a/b[c", "repository path may contain only lowercase letters"),
        // tags
        bad("nginx:-tag", "tag must start with a letter, digit or '_'"),
        bad("nginx:.tag", "tag must start with a letter, digit or '_'"),
        bad("nginx:" + "a".repeat(129), "tag is longer than 128 characters"),
        bad("nginx:ta+g", "tag may contain only letters, digits"),
        // digests
        bad("nginx@sha256:" + "F".repeat(64), "digest must use lowercase hexadecimal digits"),
        bad("nginx@sha256:" + "f".repeat(65), "sha256 digest must have exactly 64"),
        bad("nginx@sha256:" + "g".repeat(64), "digest must have the form algorithm:hex"),
        bad("nginx@sha256:abc", "at least 32 hexadecimal digits"),
        bad("nginx@SHA256:" + SHA256, "unsupported digest algorithm 'SHA256'"),
        bad("nginx@md5:" + "f".repeat(32), "unsupported digest algorithm 'md5'"),
        bad("nginx@sha256", "digest must have the form algorithm:hex"),
        bad("nginx@:" + SHA256, "digest algorithm must be letters and digits"),
        bad("nginx@1sha:" + SHA256, "digest algorithm must be letters and digits"),
        bad("nginx@sha+:" + SHA256, "digest algorithm must be letters and digits"),
        bad("nginx@sha256:" + SHA256 + ":" + SHA256, "digest must have the form algorithm:hex"),
        // odd characters
        bad(" ", "contains whitespace at position 0"),
        bad("nginx ", "contains whitespace at position 5"),
        bad(" nginx", "contains whitespace at position 0"),
        bad("nginx\t", "contains whitespace at position 5"),
        bad("nginx\n", "contains whitespace at position 5"),
        bad("ngi\u0000nx", "contains a control character at position 3"),
        bad("\u00f1ginx", "contains a non-ASCII character at position 0"),
        bad("nginx:1.0\u2028", "contains whitespace at position 9"),
        bad("ghcr.io/acme/\uD83D\uDC33", "contains a non-ASCII character at position 13"),
        bad("nginx\u00a0", "contains whitespace at position 5"),
        bad("nginx;rm", "contains the character ';' at position 5"),
        bad("nginx\"", "contains the character '\"' at position 5"));
  }

  private static Arguments bad(String input, String messageFragment) {
    return Arguments.of(input, messageFragment);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalidReferences")
  void rejectsInvalidReferencesWithAClearMessage(String input, String messageFragment) {
    InvalidImageReferenceException e =
        catchThrowableOfType(InvalidImageReferenceException.class, () -> ImageRef.parse(input));

    assertThat(e).as("parse(%s) must fail", input).isNotNull();
    assertThat(e.getMessage()).contains(messageFragment);
    assertThat(e.getMessage()).hasSizeLessThan(400);
  }

  @Test
  void rejectsNullWithoutAnyOtherException() {
    assertThatThrownBy(() -> ImageRef.parse(null))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessage("image reference is missing");
  }

  @Test
  void acceptsANameOfExactly255Characters() throws Exception {
    String repository = "a/".repeat(121) + "abcde"; // ghcr.io/ (8) + 247 = 255
    ImageRef ref = ImageRef.parse("ghcr.io/" + repository);

    assertThat(ref.name()).hasSize(255);
  }

  @Test
  void rejectsANameOf256Characters() {
    String repository = "a/".repeat(121) + "abcdef";

    assertThatThrownBy(() -> ImageRef.parse("ghcr.io/" + repository))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("repository name is longer than 255 characters");
  }

  @Test
  void boundsInputLengthBeforeAnyOtherCheck() {
    String huge = "a".repeat(100 * 1024);

    InvalidImageReferenceException e =
        catchThrowableOfType(InvalidImageReferenceException.class, () -> ImageRef.parse(huge));

    assertThat(e.problem()).isEqualTo("image reference is longer than 4096 characters");
    assertThat(e.getMessage()).hasSizeLessThan(300).endsWith("(102400 characters)");
  }

  @Test
  void rejectsOneCharacterOverTheLengthBoundButNotAtIt() {
    String atBound = "ghcr.io/acme/app:" + "a".repeat(4096 - 17);
    String overBound = atBound + "a";

    // At the bound, the grammar is what fails (the tag is too long), not the length check.
    assertThatThrownBy(() -> ImageRef.parse(atBound))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("tag is longer than 128 characters");
    assertThatThrownBy(() -> ImageRef.parse(overBound))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("image reference is longer than 4096 characters");
  }

  @Test
  void quotesTheReferenceWithNonPrintablesEscaped() {
    InvalidImageReferenceException e = catchThrowableOfType(
        InvalidImageReferenceException.class, () -> ImageRef.parse("evil\nimage\u001b[31m"));

    assertThat(e.getMessage())
        .isEqualTo("image reference contains whitespace at position 4: \"evil\\u000aimage\\u001b[31m\"");
    assertThat(e.problem()).isEqualTo("image reference contains whitespace at position 4");
  }

  @Test
  void exposesTheSha256HexOfASha256Digest() throws Exception {
    ImageRef ref = ImageRef.parse("ghcr.io/acme-labs/forge-dev:v1.1.0@" + FORGE_DIGEST);

    assertThat(ref.sha256Hex()).contains(FORGE_DIGEST.substring("sha256:".length()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghcr.io/acme/app:v1", "ghcr.io/acme/app@sha512:" + SHA512})
  void hasNoSha256HexWithoutASha256Digest(String input) throws Exception {
    assertThat(ImageRef.parse(input).sha256Hex()).isEmpty();
  }

  @Test
  void printsTheCanonicalFormWithRegistryTagAndDigest() throws Exception {
    assertThat(ImageRef.parse("nginx").toString()).isEqualTo("docker.io/library/nginx");
    assertThat(ImageRef.parse("index.docker.io/acme/app:1@" + FORGE_DIGEST).toString())
        .isEqualTo("docker.io/acme/app:1@" + FORGE_DIGEST);
  }

  @Test
  void constructorRejectsNonCanonicalReferences() {
    assertThatThrownBy(() -> new ImageRef("docker.io", "nginx", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need a namespace");
    assertThatThrownBy(() -> new ImageRef("index.docker.io", "library/nginx", null, null))
        .hasMessageContaining("must be written as docker.io");
    assertThatThrownBy(() -> new ImageRef("acme", "app", null, null))
        .hasMessageContaining("reads as a repository");
    assertThatThrownBy(() -> new ImageRef(null, "app", null, null))
        .hasMessage("registry is missing");
    assertThatThrownBy(() -> new ImageRef("ghcr.io", "app", "", null))
        .hasMessage("tag is empty");
  }

  @Test
  void constructorAcceptsAValidCanonicalReference() {
    ImageRef ref = new ImageRef("ghcr.io", "acme/app", "v1", FORGE_DIGEST);

    assertThat(ref.toString()).isEqualTo("ghcr.io/acme/app:v1@" + FORGE_DIGEST);
  }

  /**
   * Pod specs are hostile: whatever the input, parse either returns a reference whose canonical
   * form parses back to itself, or throws InvalidImageReferenceException, and nothing else.
   */
  @Test
  void neverThrowsAnythingElseAndRoundTripsWhatItAccepts() {
    String alphabet = "aZ09._-/:@[]+ \u00e9fF";
    String[] pieces = {"ghcr.io", "docker.io", "index.docker.io", "localhost", "sha256:", SHA256,
        "[::1]", ":5000", "library", "__", "--", "..", "@", ":", "/"};
    Random random = new Random(20260515);
    int accepted = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder input = new StringBuilder();
      int parts = random.nextInt(8);
      for (int p = 0; p < parts; p++) {
        if (random.nextBoolean()) {
          input.append(pieces[random.nextInt(pieces.length)]);
        } else {
          input.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      try {
        ImageRef ref = ImageRef.parse(input.toString());
        accepted++;
        assertThat(ImageRef.parse(ref.toString())).as("round trip of %s", input).isEqualTo(ref);
      } catch (InvalidImageReferenceException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(accepted).as("the generator must also produce valid references").isGreaterThan(100);
  }
}
