package io.trustgate.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds where a field sits in a YAML file, so errors found after binding (when the tree has lost
 * its locations) can still say "line 12, column 3" the way parse errors do.
 */
final class YamlLocations {
  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlLocations() {}

  /**
   * @param document 1-based document number in the stream
   * @param pointer JSON pointer of the field, e.g. {@code /spec/requireDigst}
   * @return the location of the field's key (or of the value, for array elements)
   */
  static Optional<JsonLocation> find(Path file, int document, String pointer) {
    try (JsonParser p = YAML.createParser(file.toFile())) {
      int seen = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        boolean startsDocument = t.isStructStart()
            ? p.getParsingContext().getParent() != null && p.getParsingContext().getParent().inRoot()
            : t.isScalarValue() && p.getParsingContext().inRoot();
        if (startsDocument) {
          seen++; // a value at the root starts the next document
          if (seen > document) {
            return Optional.empty();
          }
        }
        if (seen == document && (t == JsonToken.FIELD_NAME || t.isScalarValue() || t.isStructStart())
            && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
          return Optional.of(p.currentTokenLocation());
        }
      }
    } catch (IOException | RuntimeException e) {
      // A file that cannot be tokenised has no locations to offer; the caller's message stands.
    }
    return Optional.empty();
  }

  /** {@code spec.images[0].glob} → {@code /spec/images/0/glob}. */
  static String pointerOf(String fieldPath) {
    return "/" + fieldPath.replace("[", ".").replace("]", "").replace('.', '/');
  }
}
