package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustgate.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationListParserTest {
  static final String LIST = """
      {"schema_version": 1, "issued_at": "2026-05-15T00:00:00Z", "sequence": 7,
       "revocations": [{"version": "0.14.0", "variant": "dev", "arch": "aarch64",
                        "reason": "CVE-2026-0001 in nix daemon; upgrade to 0.14.1",
                        "revoked_at": "2026-05-15T00:00:00Z", "advisory": "ignored"}]}
      """;

  static RevocationList parse(String json) throws FormatException {
    return RevocationListParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheDesignExample() throws Exception {
    RevocationList list = parse(LIST);
    assertThat(list.sequence()).contains(7L);
    assertThat(list.issuedAt()).contains(Instant.parse("2026-05-15T00:00:00Z"));
    assertThat(list.entryFor("0.14.0", "dev", "aarch64"))
        .map(Revocation::reason)
        .contains("CVE-2026-0001 in nix daemon; upgrade to 0.14.1");
  }

  @Test
  void matchesOnExactCaseSensitiveVersionVariantAndArch() throws Exception {
    RevocationList list = parse(LIST);
    assertThat(list.entryFor("0.14.0", "dev", "x86_64")).isEmpty();
    assertThat(list.entryFor("v0.14.0", "dev", "aarch64")).isEmpty();
    assertThat(list.entryFor("0.14.0", "Dev", "aarch64")).isEmpty();
    assertThat(list.entryFor("0.14", "dev", "aarch64")).isEmpty();
    assertThat(list.entryFor("0.14.0", "builder", "aarch64")).isEmpty();
  }

  @Test
  void issuedAtAndSequenceAreOptional() throws Exception {
    RevocationList list = parse("{\"revocations\": []}");
    assertThat(list.sequence()).isEmpty();
    assertThat(list.issuedAt()).isEmpty();
    assertThat(list.revocations()).isEmpty();
  }

  @Test
  void keepsReasonBytesVerbatim() throws Exception {
    String reason = "  Ünïcode — \\\"quoted\\\"; upgrade to 1.2.0  ";
    RevocationList list = parse("{\"revocations\":[{\"version\":\"1\",\"variant\":\"dev\",\"arch\":\"x86_64\",\"reason\":\"" + reason + "\"}]}");
    assertThat(list.entryFor("1", "dev", "x86_64").get().reason()).isEqualTo("  Ünïcode — \"quoted\"; upgrade to 1.2.0  ");
  }

  @Test
  void rejectsEntriesWithoutReason() {
    assertThatThrownBy(() -> parse("{\"revocations\":[{\"version\":\"1\",\"variant\":\"dev\",\"arch\":\"x86_64\"}]}"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("revocations[0]: reason");
  }

  @Test
  void rejectsNegativeSequenceAndNewSchema() {
    assertThatThrownBy(() -> parse("{\"sequence\": -1, \"revocations\": []}")).hasMessageContaining("sequence");
    assertThatThrownBy(() -> parse("{\"schema_version\": 2, \"revocations\": []}"))
        .satisfies(e -> assertThat(((FormatException) e).kind()).isEqualTo(FormatException.Kind.UNSUPPORTED_SCHEMA));
  }
}
