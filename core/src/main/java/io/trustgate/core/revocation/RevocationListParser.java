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

  private RevocationListParser() {}

  public static RevocationList parse(byte[] bytes) throws FormatException {
    String where = "revocation list";
    JsonNode doc = JsonDocument.parseObject(bytes, where);
    int schema = JsonDocument.schemaVersion(doc, MAX_SCHEMA_VERSION, where);
    JsonNode entries = requiredArray(doc, "revocations", where);
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
