package io.trustgate.core.revocation;

import static io.trustgate.core.format.JsonDocument.optionalNonNegativeLong;
import static io.trustgate.core.format.JsonDocument.optionalTime;
import static io.trustgate.core.format.JsonDocument.requiredArray;
import static io.trustgate.core.format.JsonDocument.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.core.format.FormatException;
import io.trustgate.core.format.JsonDocument;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code revoked-versions.json}; unknown fields are ignored. */
public final class RevocationListParser {
  public static final int MAX_SCHEMA_VERSION = 1;

  /**
   * Largest list accepted, in bytes. A recall entry with a typical reason takes about 210 bytes,
   * so this holds about 40,000 entries; it equals the HTTP fetch cap so a list the fetcher
   * delivers is never refused for size afterwards.
   */
  public static final int MAX_LIST_BYTES = 8 << 20;

  /** Most entries accepted: lookups are hashed, but every refresh re-reads the whole list. */
  public static final int MAX_ENTRIES = 50_000;

  private RevocationListParser() {}

  public static RevocationList parse(byte[] bytes) throws FormatException {
    String where = "revocation list";
    JsonNode doc = JsonDocument.parseObject(bytes, where, MAX_LIST_BYTES);
    int schema = JsonDocument.schemaVersion(doc, MAX_SCHEMA_VERSION, where);
    JsonNode entries = requiredArray(doc, "revocations", where);
    if (entries.size() > MAX_ENTRIES) {
      throw FormatException.invalid(where + " has " + entries.size()
          + " entries, more than the limit of " + MAX_ENTRIES);
    }
    List<Revocation> revocations = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      String at = where + ": revocations[" + i + "]";
      if (!e.isObject()) {
        throw FormatException.invalid(at + " must be an object");
      }
      revocations.add(
          new Revocation(
              requiredString(e, "version", at),
              requiredString(e, "variant", at),
              requiredString(e, "arch", at),
              requiredString(e, "reason", at),
              optionalTime(e, "revoked_at", at)));
    }
    return new RevocationList(
        schema,
        optionalTime(doc, "issued_at", where),
        optionalNonNegativeLong(doc, "sequence", where),
        revocations);
  }
}
