package io.trustgate.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.format.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Release manifests are fetched from release servers and mirrors. Properties: {@link
 * ReleaseManifestParser#parse} returns a manifest or throws {@link FormatException} with a message,
 * nothing else; a manifest that parses, written out again in the documented format, parses to an
 * equal manifest.
 */
class ReleaseManifestFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "10s")
  void manifestsParseOrFailWithFormatExceptionAndRoundTrip(byte[] input) throws FormatException {
    ReleaseManifest manifest;
    try {
      manifest = ReleaseManifestParser.parse(input);
    } catch (FormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(ReleaseManifestParser.parse(write(manifest))).isEqualTo(manifest);
  }

  /** The documented JSON form of a manifest (docs/policy.md, "Release manifest"). */
  static byte[] write(ReleaseManifest m) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schema_version", m.schemaVersion());
    doc.put("version", m.version());
    doc.put("arch", m.arch());
    doc.put("variant", m.variant());
    if (m.rootfsFormat() != null) {
      doc.put("rootfs_format", m.rootfsFormat());
    }
    var artifacts = doc.putArray("artifacts");
    m.artifacts().forEach(a -> artifacts.addObject().put("name", a.name()).put("sha256", a.sha256()));
    if (m.nixStoreHash() != null) {
      doc.put("nix_store_hash", m.nixStoreHash());
    }
    if (m.sourceGitSha() != null) {
      doc.put("source_git_sha", m.sourceGitSha());
    }
    var locks = doc.putObject("flake_locks");
    m.flakeLocks().forEach(locks::put);
    var advisories = doc.putArray("addressed_advisories");
    m.addressedAdvisories().forEach(advisories::add);
    if (m.builtAt() != null) {
      doc.put("built_at", m.builtAt().toString());
    }
    if (m.notAfter() != null) {
      doc.put("not_after", m.notAfter().toString());
    }
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
