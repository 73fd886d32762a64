package io.trustgate.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustgate.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseManifestParserTest {
  static final String SHA = "ab".repeat(32);

  static String manifest(String extra) {
    return """
        {"schema_version": 1, "version": "0.14.0", "arch": "x86_64", "variant": "dev",
         "rootfs_format": "oci", "nix_store_hash": "abc", "source_git_sha": "deadbeef",
         "flake_locks": {"flake.lock": "sha256:00"},
         "artifacts": [{"name": "dev-image-x86_64.oci", "sha256": "%s"}],
         "built_at": "2026-05-01T00:00:00Z", "not_after": "2027-05-01T00:00:00Z"%s}
        """.formatted(SHA.toUpperCase(), extra);
  }

  static ReleaseManifest parse(String json) throws FormatException {
    return ReleaseManifestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryFieldAndIgnoresUnknownOnes() throws Exception {
    ReleaseManifest m = parse(manifest(", \"future_field\": {\"x\": 1}"));
    assertThat(m.version()).isEqualTo("0.14.0");
    assertThat(m.arch()).isEqualTo("x86_64");
    assertThat(m.variant()).isEqualTo("dev");
    assertThat(m.artifacts()).hasSize(1);
    assertThat(m.flakeLocks()).containsEntry("flake.lock", "sha256:00");
    assertThat(m.addressedAdvisories()).isEmpty();
    assertThat(m.notAfter()).isEqualTo(Instant.parse("2027-05-01T00:00:00Z"));
  }

  @Test
  void matchesArtifactDigestsCaseInsensitively() throws Exception {
    ReleaseManifest m = parse(manifest(""));
    assertThat(m.artifactWithSha256(SHA)).isPresent();
    assertThat(m.artifactWithSha256(SHA.toUpperCase())).isPresent();
    assertThat(m.artifactWithSha256("cd".repeat(32))).isEmpty();
  }

  @Test
  void expiresStrictlyAfterNotAfter() throws Exception {
    ReleaseManifest m = parse(manifest(""));
    assertThat(m.expiredAt(Instant.parse("2027-05-01T00:00:00Z"))).isFalse();
    assertThat(m.expiredAt(Instant.parse("2027-05-01T00:00:00.001Z"))).isTrue();
  }

  @Test
  void acceptsSchemaZeroAndMissingSchema() throws Exception {
    assertThat(parse(manifest("").replace("\"schema_version\": 1", "\"schema_version\": 0")).schemaVersion()).isZero();
    assertThat(parse(manifest("").replace("\"schema_version\": 1,", "")).schemaVersion()).isZero();
  }

  @Test
  void refusesNewerSchemaAsUnsupported() {
    assertThatThrownBy(() -> parse(manifest("").replace("\"schema_version\": 1", "\"schema_version\": 2")))
        .isInstanceOf(FormatException.class)
        .satisfies(e -> assertThat(((FormatException) e).kind()).isEqualTo(FormatException.Kind.UNSUPPORTED_SCHEMA))
        .hasMessageContaining("schema_version 2");
  }

  @Test
  void refusesDuplicateKeys() {
    assertThatThrownBy(() -> parse(manifest(", \"version\": \"9.9.9\"")))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "[]", "null", "{", "{\"version\": 1}", "\"text\"",
      "{\"version\":\"1\",\"arch\":\"x86_64\",\"variant\":\"dev\"}",
      "{\"version\":\"1\",\"arch\":\"x86_64\",\"variant\":\"dev\",\"artifacts\":[{\"name\":\"a\",\"sha256\":\"xyz\"}]}",
      "{\"version\":\"1\",\"arch\":\"x86_64\",\"variant\":\"dev\",\"artifacts\":[],\"not_after\":\"tomorrow\"}",
      "{\"schema_version\":\"1\",\"version\":\"1\",\"arch\":\"x86_64\",\"variant\":\"dev\",\"artifacts\":[]}",
  })
  void rejectsMalformedManifestsWithAMessage(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(FormatException.class)
        .satisfies(e -> assertThat(((FormatException) e).kind()).isEqualTo(FormatException.Kind.INVALID))
        .hasMessageStartingWith("release manifest");
  }

  @Test
  void rejectsHugeDocumentsBeforeParsing() {
    byte[] huge = new byte[2 << 20];
    assertThatThrownBy(() -> ReleaseManifestParser.parse(huge)).hasMessageContaining("larger than");
  }

  @Test
  void acceptsRfc3339OffsetsAndLowercase() throws Exception {
    ReleaseManifest m = parse(manifest("").replace("\"2027-05-01T00:00:00Z\"", "\"2027-05-01t02:00:00+02:00\""));
    assertThat(m.notAfter()).isEqualTo(Instant.parse("2027-05-01T00:00:00Z"));
  }
}
