package io.trustgate.core.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Typed, strict access to the fields of a small JSON release document. Duplicate keys are
 * refused: two readers must never disagree on what a signed document says.
 */
public final class JsonDocument {
  /** Release documents are small; anything bigger is not one. */
  public static final int MAX_BYTES = 1 << 20;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_BYTES).build());
  }

  private JsonDocument() {}

  /** Parses bytes into a JSON object, or explains why they are not one. */
  public static JsonNode parseObject(byte[] bytes, String what) throws FormatException {
    return parseObject(bytes, what, MAX_BYTES);
  }

  /**
   * As {@link #parseObject(byte[], String)} with a larger whole-document cap, for the few
   * documents (revocation lists) that legitimately grow past {@link #MAX_BYTES}; single strings
   * stay capped at {@link #MAX_BYTES}.
   */
  public static JsonNode parseObject(byte[] bytes, String what, int maxBytes) throws FormatException {
    if (bytes.length == 0) {
      throw FormatException.invalid(what + " is empty");
    }
    if (bytes.length > maxBytes) {
      throw FormatException.invalid(what + " is " + bytes.length + " bytes, larger than the limit of "
          + InputLimits.describe(maxBytes));
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw FormatException.invalid(what + " is not valid JSON: " + Messages.firstLine(e.getMessage(), "unreadable"));
    }
    if (node == null || !node.isObject()) {
      throw FormatException.invalid(what + " must be a JSON object");
    }
    return node;
  }

  /** schema_version: missing means 0; above {@code maxSupported} is UNSUPPORTED_SCHEMA. */
  public static int schemaVersion(JsonNode doc, int maxSupported, String what)
      throws FormatException {
    JsonNode v = doc.get("schema_version");
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
      throw FormatException.invalid(what + ": schema_version must be a non-negative integer");
    }
    if (v.intValue() > maxSupported) {
      throw new FormatException(
          FormatException.Kind.UNSUPPORTED_SCHEMA,
          what
              + " has schema_version "
              + v.intValue()
              + "; this trustgate reads up to "
              + maxSupported
              + " (upgrade trustgate)");
    }
    return v.intValue();
  }

  public static String requiredString(JsonNode obj, String field, String where)
      throws FormatException {
    JsonNode v = obj.get(field);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw FormatException.invalid(where + ": " + field + " must be a non-empty string");
    }
    return v.textValue();
  }

  public static String optionalString(JsonNode obj, String field, String where)
      throws FormatException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw FormatException.invalid(where + ": " + field + " must be a string");
    }
    return v.textValue();
  }

  public static Instant optionalTime(JsonNode obj, String field, String where)
      throws FormatException {
    String text = optionalString(obj, field, where);
    return text == null ? null : rfc3339(text, where + ": " + field);
  }

  public static Long optionalNonNegativeLong(JsonNode obj, String field, String where)
      throws FormatException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw FormatException.invalid(where + ": " + field + " must be a non-negative integer");
    }
    return v.longValue();
  }

  public static JsonNode requiredArray(JsonNode obj, String field, String where)
      throws FormatException {
    JsonNode v = obj.get(field);
    if (v == null || !v.isArray()) {
      throw FormatException.invalid(where + ": " + field + " must be an array");
    }
    return v;
  }

  /** RFC 3339 date-time with an offset (Z or ±hh:mm); 't' and 'z' are accepted as RFC 3339 allows. */
  public static Instant rfc3339(String text, String where) throws FormatException {
    try {
      return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw FormatException.invalid(
          where + " must be an RFC 3339 time like 2026-05-15T00:00:00Z, got \"" + text + "\"");
    }
  }

}
