package io.trustgate.core.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustRootTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JS_ROOT = CorpusFixtures.jsCorpus("trusted_root.json");

  @Test
  void idIsTheSha256OfTheJsonBytes() throws Exception {
    byte[] json = Files.readAllBytes(JS_ROOT);
    TrustRoot root = TrustRoot.fromJson(json, "test");
    assertThat(root.id()).isEqualTo("sha256:" + Hashing.sha256().hashBytes(json));
    assertThat(TrustRoot.fromFile(JS_ROOT)).isEqualTo(root);
    assertThat(TrustRoot.fromFile(JS_ROOT).id()).isEqualTo(root.id());
  }

  @Test
  void describeNamesTheSource() {
    assertThat(TrustRoot.fromFile(JS_ROOT).describe()).contains(JS_ROOT.toString());
  }

  @Test
  void publicGoodHasAStableIdAndDoesNotTouchTheNetworkUntilUsed() {
    assertThat(TrustRoot.publicGood().id()).isEqualTo("public-good");
    assertThat(TrustRoot.publicGood()).isSameAs(TrustRoot.publicGood());
    assertThat(TrustRoot.publicGood().describe()).contains("public-good");
  }

  @Test
  void publicGoodTufClientHasTheGrpcContextItsHttpTracingNeeds() {
    // google-http-client traces through OpenCensus, which loads io.grpc.Context on every
    // request; the parent POM excludes io.grpc:* from sigstore-java, so core adds it back.
    assertThatCode(() -> Class.forName("io.grpc.Context")).doesNotThrowAnyException();
  }

  @Test
  void missingFileFailsNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> TrustRoot.fromFile(missing))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void invalidJsonFailsAtLoadNamingTheSource() {
    assertThatThrownBy(
            () -> TrustRoot.fromJson("{\"mediaType\":".getBytes(StandardCharsets.UTF_8), "cm/x"))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("cm/x")
        .hasMessageContaining("not valid trusted-root JSON");
  }

  @Test
  void rejectsOtherMediaTypes() {
    assertThatThrownBy(() -> load(root -> root.put("mediaType", "application/json")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("media type 'application/json'");
    assertThatThrownBy(() -> load(root -> root.remove("mediaType")))
        .isInstanceOf(TrustRootException.class);
  }

  @Test
  void rejectsValidityWithoutStartInsteadOfTreatingItAsUnbounded() {
    assertThatThrownBy(
            () ->
                load(
                    root ->
                        ((ObjectNode)
                                root.withArray("tlogs").get(0).get("publicKey").get("validFor"))
                            .remove("start")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("validFor of tlogs[0]")
        .hasMessageContaining("has no start");
    assertThatThrownBy(
            () ->
                load(
                    root ->
                        ((ObjectNode)
                                root.withArray("certificateAuthorities").get(0).get("validFor"))
                            .remove("start")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("certificateAuthorities[0]");
  }

  @Test
  void rejectsValidityEndingBeforeItStarts() {
    assertThatThrownBy(
            () ->
                load(
                    root ->
                        ((ObjectNode)
                                root.withArray("ctlogs").get(0).get("publicKey").get("validFor"))
                            .put("end", "1999-01-01T00:00:00Z")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("ends (1999-01-01T00:00:00Z) before it starts");
  }

  @Test
  void rejectsRootsWithoutCertificateAuthoritiesOrLogs() {
    assertThatThrownBy(() -> load(root -> root.putArray("certificateAuthorities")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("no certificate authorities");
    assertThatThrownBy(() -> load(root -> root.putArray("tlogs")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("no transparency logs");
    assertThatThrownBy(() -> load(root -> root.putArray("ctlogs")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("no certificate transparency logs");
  }

  @Test
  void rejectsUnusableCertificateMaterialAtLoad() {
    assertThatThrownBy(
            () ->
                load(
                    root ->
                        ((ObjectNode)
                                root.withArray("certificateAuthorities")
                                    .get(0)
                                    .get("certChain")
                                    .withArray("certificates")
                                    .get(0))
                            .put("rawBytes", "AAAA")))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("edited");
  }

  @Test
  void acceptsTheUnmodifiedRoot() {
    assertThat(load(root -> {}).id()).startsWith("sha256:");
  }

  private static TrustRoot load(Consumer<ObjectNode> edit) {
    ObjectNode root;
    try {
      root = (ObjectNode) JSON.readTree(JS_ROOT.toFile());
      edit.accept(root);
      return TrustRoot.fromJson(JSON.writeValueAsBytes(root), "edited");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
