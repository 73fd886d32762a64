package io.trustgate.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Image references and globs come from Pod specs and TrustPolicies. Properties: parsing returns a
 * canonical {@link ImageRef} or throws {@link InvalidImageReferenceException} (globs: {@link
 * IllegalArgumentException}), nothing else; the canonical form parses to itself; and every
 * spelling that docs/policy.md ("Registry spellings") equates parses to the same reference and is
 * governed by exactly the same globs.
 */
class ImageReferenceFuzzTest {

  /** Globs every reference is judged by, besides the one the input may carry. */
  private static final List<ImageGlob> GLOBS = List.of(
      ImageGlob.compile("ghcr.io/acme-labs/forge-dev*"),
      ImageGlob.compile("forgeapp*"),
      ImageGlob.compile("INDEX.DOCKER.IO/**"),
      ImageGlob.compile("*/**"),
      ImageGlob.compile("localhost:5000/**"),
      ImageGlob.compile("[fd00::5]:5000/*"));

  /** Input: a reference. */
  @FuzzTest(maxDuration = "10s")
  void referencesParseCanonicallyOrFailWithTheirOwnException(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ImageRef ref;
    try {
      ref = ImageRef.parse(text);
    } catch (InvalidImageReferenceException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertSameEverywhere(ref, ref.toString(), null);
    for (String spelling : respellings(ref)) {
      assertSameEverywhere(ref, spelling, null);
    }
  }

  /** Input: {@code glob '\n' reference}; a glob that compiles governs every spelling alike. */
  @FuzzTest(maxDuration = "10s")
  void globsGovernEverySpellingOfAReferenceAlike(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String globText = newline < 0 ? text : text.substring(0, newline);
    String refText = newline < 0 ? "" : text.substring(newline + 1);
    ImageGlob glob;
    try {
      glob = ImageGlob.compile(globText);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    // The normalised glob is itself a glob, and the same one.
    ImageGlob again = ImageGlob.compile(glob.normalised());
    assertThat(again.normalised()).isEqualTo(glob.normalised());
    ImageRef ref;
    try {
      ref = ImageRef.parse(refText);
    } catch (InvalidImageReferenceException e) {
      return;
    }
    assertThat(again.matches(ref)).isEqualTo(glob.matches(ref));
    assertSameEverywhere(ref, ref.toString(), glob);
    for (String spelling : respellings(ref)) {
      assertSameEverywhere(ref, spelling, glob);
    }
  }

  private static void assertSameEverywhere(ImageRef ref, String spelling, ImageGlob extra) {
    ImageRef other;
    try {
      other = ImageRef.parse(spelling);
    } catch (InvalidImageReferenceException e) {
      throw new AssertionError("'" + spelling + "', a spelling of " + ref + ", does not parse: "
          + e.getMessage(), e);
    }
    assertThat(other).as("'%s' is a spelling of %s", spelling, ref).isEqualTo(ref);
    for (ImageGlob g : GLOBS) {
      assertThat(g.matches(other)).as("%s on '%s' vs %s", g, spelling, ref).isEqualTo(g.matches(ref));
    }
    if (extra != null) {
      assertThat(extra.matches(other)).as("%s on '%s' vs %s", extra, spelling, ref)
          .isEqualTo(extra.matches(ref));
    }
  }

  /** Spellings docs/policy.md promises are the same image as the canonical reference. */
  static List<String> respellings(ImageRef ref) {
    String suffix = (ref.tag() == null ? "" : ":" + ref.tag()) + (ref.digest() == null ? "" : "@" + ref.digest());
    String registry = ref.registry();
    String repository = ref.repository();
    List<String> hosts = new ArrayList<>();
    hosts.add(registry.toUpperCase(Locale.ROOT));
    boolean hasPort = registry.startsWith("[") ? registry.indexOf(':', registry.indexOf(']')) >= 0
        : registry.indexOf(':') >= 0;
    if (!hasPort) {
      hosts.add(registry + ":443");
      hosts.add(registry.toUpperCase(Locale.ROOT) + ":0443");
    }
    List<String> out = new ArrayList<>();
    for (String host : hosts) {
      out.add(host + "/" + repository + suffix);
    }
    if (registry.equals("docker.io")) {
      // docker.io/library/x may drop "library/" only when x is one path component.
      String official = repository.startsWith("library/")
          && repository.indexOf('/', "library/".length()) < 0 ? repository.substring("library/".length()) : null;
      for (String alias : List.of("docker.io", "index.docker.io", "registry-1.docker.io", "Index.Docker.IO:443")) {
        out.add(alias + "/" + repository + suffix);
        if (official != null) {
          out.add(alias + "/" + official + suffix);
        }
      }
      // Without a registry the first component must not look like one.
      String bare = official != null ? official : repository;
      String first = bare.indexOf('/') < 0 ? bare : bare.substring(0, bare.indexOf('/'));
      if (official != null || (bare.indexOf('/') >= 0 && !ReferenceGrammar.looksLikeRegistry(first))) {
        out.add(bare + suffix);
      }
    }
    return out;
  }
}
