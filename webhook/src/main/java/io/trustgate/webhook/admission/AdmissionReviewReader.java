package io.trustgate.webhook.admission;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Reads the bytes the apiserver posts into a {@link ParsedReview}, parsing the body once into a
 * tree. Strict about the envelope (apiVersion, kind, request, uid), tolerant of everything else:
 * odd shapes inside the object are for the extraction and the engine to judge.
 *
 * <p>Duplicate keys anywhere are refused: the apiserver stores one of them, and trustgate must
 * not judge the other (two {@code image} keys in one container would be a bypass).
 */
final class AdmissionReviewReader {
  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";

  /** User-supplied text quoted in an error message is cut to this many characters. */
  private static final int MAX_QUOTED = 64;

  /** Jackson's message for a duplicate key; the tree builder notices one at no extra cost. */
  private static final String DUPLICATE = "Duplicate field '";

  private final ObjectReader json;

  AdmissionReviewReader(ObjectMapper json) {
    // Detected while the tree is built (the replaced value is returned anyway), rather than
    // with the parser's per-object key set, to keep the hot path as it was.
    this.json = json.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  ParsedReview read(byte[] body) throws InvalidAdmissionReviewException {
    JsonNode root = parse(body);
    if (!root.isObject()) {
      throw invalid("request body must be a JSON object (an AdmissionReview), got " + describe(root));
    }
    String apiVersion = text(root.get("apiVersion"));
    if (!API_VERSION.equals(apiVersion)) {
      throw invalid("unsupported AdmissionReview apiVersion " + quote(apiVersion) + ": trustgate accepts "
          + API_VERSION + " (set admissionReviewVersions: [v1] on the webhook)");
    }
    String kind = text(root.get("kind"));
    if (!KIND.equals(kind)) {
      throw invalid("expected kind AdmissionReview, got " + quote(kind));
    }
    JsonNode request = root.get("request");
    if (request == null || !request.isObject()) {
      throw invalid("AdmissionReview has no request object");
    }
    String uid = text(request.get("uid"));
    if (uid.isEmpty()) {
      throw invalid("AdmissionReview request.uid is missing or not a non-empty string");
    }

    JsonNode object = request.get("object");
    JsonNode metadata = object == null ? null : object.get("metadata");
    String objectKind = text(request.path("kind").get("kind"));
    if (objectKind.isEmpty() && object != null) {
      objectKind = text(object.get("kind"));
    }
    String name = firstNonEmpty(
        text(request.get("name")),
        metadata == null ? "" : text(metadata.get("name")),
        metadata == null ? "" : text(metadata.get("generateName")));
    JsonNode dryRun = request.get("dryRun");
    ReviewedRequest reviewed = new ReviewedRequest(
        uid,
        objectKind,
        text(request.get("subResource")),
        text(request.get("operation")),
        text(request.get("namespace")),
        name,
        dryRun != null && dryRun.isBoolean() && dryRun.booleanValue());
    return new ParsedReview(reviewed, object == null || object.isNull() ? null : object);
  }

  private JsonNode parse(byte[] body) throws InvalidAdmissionReviewException {
    if (body == null || body.length == 0) {
      throw invalid("request body is empty; expected an AdmissionReview");
    }
    try {
      JsonNode root = json.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw invalid("request body holds no JSON value; expected an AdmissionReview");
      }
      return root;
    } catch (StreamConstraintsException e) {
      // Jackson's limits (nesting depth, string and number length) keep hostile bodies cheap.
      throw invalid("request body exceeds a JSON parsing limit: " + shorten(e.getOriginalMessage(), 160));
    } catch (JsonProcessingException e) {
      String original = e.getOriginalMessage();
      if (original != null && original.startsWith(DUPLICATE)) {
        throw invalid("request body has a duplicate key " + duplicateKey(original) + " at "
            + objectHolding(e) + at(e.getLocation())
            + ": an object with two values for one key is ambiguous and is refused");
      }
      throw invalid("request body is not valid JSON: " + shorten(e.getOriginalMessage(), 160) + at(e.getLocation()));
    } catch (IOException e) {
      // readTree over a byte array does no I/O; kept for the signature.
      throw invalid("request body could not be read: " + shorten(e.getMessage(), 160));
    }
  }

  private static String duplicateKey(String original) {
    int end = original.indexOf('\'', DUPLICATE.length());
    return quote(end < 0 ? "" : original.substring(DUPLICATE.length(), end));
  }

  /** The JSON pointer of the object that holds the duplicate key. */
  private static String objectHolding(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return "an unknown place";
    }
    JsonStreamContext holder = parser.getParsingContext().getParent();
    String pointer = holder == null ? "" : holder.pathAsPointer().toString();
    return pointer.isEmpty() ? "the top level" : shorten(pointer, 160);
  }

  private static InvalidAdmissionReviewException invalid(String message) {
    return new InvalidAdmissionReviewException(message);
  }

  /** The string value of a field, or "" when absent or not a string. */
  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : "";
  }

  private static String firstNonEmpty(String... candidates) {
    for (String candidate : candidates) {
      if (!candidate.isEmpty()) {
        return candidate;
      }
    }
    return "";
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String quote(String value) {
    return value.isEmpty() ? "none" : "\"" + shorten(value, MAX_QUOTED) + "\"";
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** One line of at most {@code max} characters: the message is for a human, not a dump. */
  private static String shorten(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (out.length() < text.length()) {
      out.append('…');
    }
    return out.toString();
  }
}
