package io.trustgate.core.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of a {@code sigstore-bundle-acceptance-cases/1} corpus ({@code cases.json}) under {@code
 * src/test/resources/corpora/}. Paths are resolved against the corpus directory.
 */
record ConformanceCase(
    String corpus,
    String id,
    String mode,
    Path artifact,
    Path bundle,
    Path trustedRoot,
    String identity,
    String identityRegexp,
    String issuer,
    boolean expectedPass,
    Boolean expectedPassTrustPolicy,
    String reason) {

  static final String CONFORMANCE = "sigstore-conformance";
  static final String JS_CORPUS = "sigstore-js-corpus";

  boolean managedKey() {
    return "managed-key".equals(mode);
  }

  /** The outcome TrustPolicy (whole-string regex) semantics must produce. */
  boolean expectedPassUnderTrustPolicy() {
    return expectedPassTrustPolicy != null ? expectedPassTrustPolicy : expectedPass;
  }

  static Path corpusDir(String corpus) {
    URL url = ConformanceCase.class.getResource("/corpora/" + corpus + "/cases.json");
    if (url == null) {
      throw new IllegalStateException("corpus " + corpus + " is not on the test classpath");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<ConformanceCase> load(String corpus) {
    Path dir = corpusDir(corpus);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(dir.resolve("cases.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!"sigstore-bundle-acceptance-cases/1".equals(root.path("format").asText())) {
      throw new IllegalStateException("unexpected corpus format in " + corpus);
    }
    List<ConformanceCase> cases = new ArrayList<>();
    for (JsonNode c : root.withArray("cases")) {
      cases.add(
          new ConformanceCase(
              corpus,
              c.get("id").asText(),
              c.path("mode").asText("keyless"),
              dir.resolve(c.get("artifact").asText()),
              dir.resolve(c.get("bundle").asText()),
              dir.resolve(c.get("trusted_root").asText()),
              text(c, "certificate_identity"),
              text(c, "certificate_identity_regexp"),
              text(c, "certificate_oidc_issuer"),
              outcome(c.get("expected")),
              c.hasNonNull("expected_trustpolicy") ? outcome(c.get("expected_trustpolicy")) : null,
              c.path("reason").asText("")));
    }
    return cases;
  }

  private static String text(JsonNode c, String field) {
    return c.hasNonNull(field) ? c.get(field).asText() : null;
  }

  private static boolean outcome(JsonNode value) {
    return switch (value.asText()) {
      case "pass" -> true;
      case "fail" -> false;
      default -> throw new IllegalStateException("unknown expected outcome " + value);
    };
  }
}
