package io.trustgate.core.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.IOException;
import java.util.List;

/**
 * The {@code mediaType} of a {@code trusted_root.json}: which spellings of which versions are
 * read, and the message for every other value.
 *
 * <p>protobuf-specs names trusted root v0.1 in two ways: the parameter form that sigstore's TUF
 * repositories have always shipped, and the {@code .v0.1+json} form that newer clients (cosign v3,
 * sigstore-go) write, as bundles moved to {@code bundle.v0.3+json}. Both denote the same message, so
 * both are read the same way. A later version may add fields whose meaning this verifier does not
 * know, so it is refused with a message naming the version rather than read as if it were v0.1.
 */
final class TrustedRootMediaType {
  static final String PARAMETER_FORM = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
  static final String VERSIONED_FORM = "application/vnd.dev.sigstore.trustedroot.v0.1+json";
  static final List<String> SUPPORTED = List.of(PARAMETER_FORM, VERSIONED_FORM);

  // Only to recognise a trusted-root media type of another version and name that version.
  private static final Pattern OTHER_VERSION =
      Pattern.compile(
          "application/vnd\\.dev\\.sigstore\\.trustedroot"
              + "(?:\\.v([^+;\\s]+)\\+json|\\+json\\s*;\\s*version=(\\S+))");

  // The streaming parser, not an ObjectMapper: creating the first ObjectMapper in a process loads
  // and initialises several hundred databind classes, which was the largest cost a first
  // verification had beyond sigstore-java's own.
  private static final JsonFactory JSON = new JsonFactory();

  private TrustedRootMediaType() {}

  /**
   * Reads the media type before anything else, so that a root of a later version is refused for its
   * version rather than for whatever field of it the v0.1 parser trips over.
   *
   * @throws TrustRootException if the bytes are not a JSON object or name another media type
   */
  static void require(byte[] json, String source) {
    String mediaType = "";
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new TrustRootException(
            "trusted root " + source + " is not valid trusted-root JSON: not a JSON object");
      }
      // Every member is read (and nested values skipped token by token), so malformed JSON
      // anywhere in the document is refused here, as a whole-tree read would.
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("mediaType".equals(name)) {
          mediaType = value == JsonToken.VALUE_STRING ? parser.getText() : "";
        }
        parser.skipChildren();
      }
    } catch (JsonProcessingException e) {
      throw new TrustRootException(
          "trusted root " + source + " is not valid trusted-root JSON: "
              + Messages.clean(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new TrustRootException(
          "trusted root " + source + " cannot be read: " + Messages.detail(e), e);
    }
    require(mediaType, source);
  }

  /**
   * Refuses a media type other than v0.1 in either spelling.
   *
   * @param source where the trusted root came from, used in messages
   * @throws TrustRootException naming the media type, and the version when it is one
   */
  static void require(String mediaType, String source) {
    if (SUPPORTED.contains(mediaType)) {
      return;
    }
    String supported = "; trustgate reads version 0.1, spelled '" + PARAMETER_FORM + "' or '"
        + VERSIONED_FORM + "'";
    if (mediaType.isEmpty()) {
      throw new TrustRootException("trusted root " + source + " has no mediaType" + supported);
    }
    String shown = Messages.clean(mediaType);
    Matcher other = OTHER_VERSION.matcher(mediaType);
    if (other.matches()) {
      String version = other.group(1) != null ? other.group(1) : other.group(2);
      throw new TrustRootException(
          "trusted root " + source + " has media type '" + shown + "', trusted-root version "
              + Messages.clean(version) + ", which this trustgate does not support" + supported
              + " (use a trusted root of version 0.1, or a trustgate release that reads version "
              + Messages.clean(version) + ")");
    }
    throw new TrustRootException(
        "trusted root " + source + " has media type '" + shown
            + "', which is not a Sigstore trusted-root media type" + supported);
  }
}
