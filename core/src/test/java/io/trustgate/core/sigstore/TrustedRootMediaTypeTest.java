package io.trustgate.core.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both spellings of trusted root v0.1 are read, and read alike; other versions and other media
 * types are refused at load with a message naming the media type.
 */
class TrustedRootMediaTypeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PARAMETER_FORM =
      "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
  private static final String VERSIONED_FORM = "application/vnd.dev.sigstore.trustedroot.v0.1+json";

  @ParameterizedTest
  @ValueSource(strings = {PARAMETER_FORM, VERSIONED_FORM})
  void readsBothSpellingsOfVersion01(String mediaType) {
    TrustRoot root = TrustRoot.fromJson(respelled(CorpusFixtures.jsCorpus("trusted_root.json"), mediaType), "r");
    assertThat(root.id()).startsWith("sha256:");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/vnd.dev.sigstore.trustedroot.v0.2+json",
        "application/vnd.dev.sigstore.trustedroot+json;version=0.2",
        "application/vnd.dev.sigstore.trustedroot+json; version=1.0"
      })
  void refusesOtherVersionsNamingTheMediaTypeAndVersion(String mediaType) {
    String version = mediaType.replaceFirst(".*(?:\\.v|version=)([0-9.]+).*", "$1");
    assertThatThrownBy(() -> TrustRoot.fromJson(respelled(CorpusFixtures.jsCorpus("trusted_root.json"), mediaType), "cm x"))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("trusted root cm x has media type '" + mediaType + "'")
        .hasMessageContaining("trusted-root version " + version + ", which this trustgate does not support")
        .hasMessageContaining(PARAMETER_FORM)
        .hasMessageContaining(VERSIONED_FORM);
  }

  @Test
  void refusesAFutureVersionForItsVersionEvenWhenItsFieldsNoLongerParseAsVersion01() {
    String future =
        "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot.v0.2+json\",\"tlogs\":\"changed\"}";
    assertThatThrownBy(() -> TrustRoot.fromJson(future.getBytes(StandardCharsets.UTF_8), "f"))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("trusted-root version 0.2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/vnd.dev.sigstore.bundle.v0.3+json",
        "APPLICATION/VND.DEV.SIGSTORE.TRUSTEDROOT+JSON;VERSION=0.1x",
        "garbage"
      })
  void refusesOtherMediaTypesAsNotATrustedRoot(String mediaType) {
    assertThatThrownBy(() -> TrustRoot.fromJson(respelled(CorpusFixtures.jsCorpus("trusted_root.json"), mediaType), "g"))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("has media type '" + mediaType + "', which is not a Sigstore trusted-root media type")
        .hasMessageContaining(VERSIONED_FORM);
  }

  @Test
  void refusesARootWithoutMediaType() {
    assertThatThrownBy(() -> TrustRoot.fromJson("{\"tlogs\":[]}".getBytes(StandardCharsets.UTF_8), "n"))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("trusted root n has no mediaType");
  }

  @Test
  void refusesJsonThatIsNotAnObject() {
    assertThatThrownBy(() -> TrustRoot.fromJson("[1]".getBytes(StandardCharsets.UTF_8), "a"))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("trusted root a is not valid trusted-root JSON: not a JSON object");
  }

  @Test
  void theFileLoaderNamesTheFileAndTheMediaType(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("trusted_root.json");
    Files.write(file, respelled(CorpusFixtures.jsCorpus("trusted_root.json"), "application/vnd.dev.sigstore.trustedroot.v0.2+json"));
    assertThatThrownBy(() -> TrustRoot.fromFile(file))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("trusted root " + file + " has media type");
  }

  /**
   * Every corpus case ends the same way, down to the failure reason, whichever spelling its trusted
   * root uses.
   */
  @Test
  void eitherSpellingVerifiesTheSameBundles() {
    Map<Path, BundleVerifier> respelledVerifiers = new LinkedHashMap<>();
    int compared = 0;
    for (ConformanceCase c : allKeylessCases()) {
      BundleVerifier original;
      try {
        original = CorpusFixtures.verifier(c.trustedRoot());
      } catch (TrustRootException e) {
        assertThatThrownBy(() -> TrustRoot.fromJson(respelled(c.trustedRoot(), VERSIONED_FORM), "v"))
            .as(c.id())
            .isInstanceOf(TrustRootException.class);
        continue;
      }
      BundleVerifier versioned =
          respelledVerifiers.computeIfAbsent(
              c.trustedRoot(),
              p -> new BundleVerifier(TrustRoot.fromJson(respelled(p, VERSIONED_FORM), "v")));
      byte[] artifact = CorpusFixtures.read(c.artifact());
      byte[] bundle = CorpusFixtures.read(c.bundle());
      SignerIdentity signer = CorpusFixtures.signer(c);
      Verification before = original.verify(artifact, bundle, signer);
      Verification after = versioned.verify(artifact, bundle, signer);
      assertThat(after.failure()).as(c.id()).isEqualTo(before.failure());
      assertThat(after.verified()).as(c.id()).isEqualTo(c.expectedPass());
      compared++;
    }
    assertThat(compared).isGreaterThan(60);
    assertThat(respelledVerifiers).hasSizeGreaterThan(1);
  }

  private static Stream<ConformanceCase> allKeylessCasesStream() {
    return Stream.of(ConformanceCase.CONFORMANCE, ConformanceCase.JS_CORPUS)
        .flatMap(corpus -> ConformanceCase.load(corpus).stream())
        .filter(c -> !c.managedKey());
  }

  private static Iterable<ConformanceCase> allKeylessCases() {
    return allKeylessCasesStream().toList();
  }

  static byte[] respelled(Path trustedRoot, String mediaType) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(trustedRoot.toFile());
      root.put("mediaType", mediaType);
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
