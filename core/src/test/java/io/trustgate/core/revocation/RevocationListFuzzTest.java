package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.format.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Revocation lists are fetched from release servers and mirrors. Properties: {@link
 * RevocationListParser#parse} returns a list or throws {@link FormatException} with a message,
 * nothing else; every entry is found by its own key, first entry first; a list that parses,
 * written out again, parses to the same list.
 */
class RevocationListFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "10s")
  void listsParseOrFailWithFormatExceptionAndRoundTrip(byte[] input) throws FormatException {
    RevocationList list;
    try {
      list = RevocationListParser.parse(input);
    } catch (FormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    for (Revocation r : list.revocations()) {
      Revocation quoted = list.entryFor(r.version(), r.variant(), r.arch()).orElseThrow();
      assertThat(quoted.key()).isEqualTo(r.key());
      assertThat(list.contains(r.key())).isTrue();
    }
    RevocationList again = RevocationListParser.parse(write(list));
    assertThat(again.schemaVersion()).isEqualTo(list.schemaVersion());
    assertThat(again.issuedAt()).isEqualTo(list.issuedAt());
    assertThat(again.sequence()).isEqualTo(list.sequence());
    assertThat(again.revocations()).isEqualTo(list.revocations());
    assertThat(again.keys()).isEqualTo(list.keys());
  }

  /** The documented JSON form of a list (docs/policy.md, "Revocation list"). */
  static byte[] write(RevocationList list) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schema_version", list.schemaVersion());
    list.issuedAt().ifPresent(t -> doc.put("issued_at", t.toString()));
    list.sequence().ifPresent(s -> doc.put("sequence", s));
    var entries = doc.putArray("revocations");
    for (Revocation r : list.revocations()) {
      ObjectNode e = entries.addObject()
          .put("version", r.version()).put("variant", r.variant()).put("arch", r.arch()).put("reason", r.reason());
      if (r.revokedAt() != null) {
        e.put("revoked_at", r.revokedAt().toString());
      }
    }
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
