package io.trustgate.core.workload;

import io.trustgate.core.format.AliasRefusingParser;
import io.trustgate.core.format.InputLimits;
import io.trustgate.core.format.YamlProblem;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Kubernetes objects from a multi-document YAML stream, as {@code kubectl apply -f} would
 * see them: empty documents are skipped and {@code kind: List} is flattened into its items.
 *
 * <p>Duplicate keys are an error rather than "last one wins": a manifest with two {@code image}
 * keys must not be checked as one thing and applied as another. For the same reason YAML aliases
 * are refused ({@link AliasRefusingParser}). Input is bounded before parsing ({@link InputLimits}).
 */
public final class WorkloadDocuments {

  private static final ObjectMapper YAML =
      new ObjectMapper(InputLimits.yamlFactory(InputLimits.MAX_WORKLOAD_BYTES));

  private WorkloadDocuments() {}

  /**
   * The objects in a YAML file; the file name is part of any error message.
   *
   * @throws InputLimits.TooLargeException above {@link InputLimits#MAX_WORKLOAD_BYTES}, before parsing
   */
  public static List<JsonNode> readYaml(Path file) throws IOException, MalformedDocumentException {
    byte[] bytes = InputLimits.readFile(file, InputLimits.MAX_WORKLOAD_BYTES, "workload file");
    return read(new ByteArrayInputStream(bytes), file.toString());
  }

  /**
   * The objects in a YAML stream, which is not closed.
   *
   * @throws InputLimits.TooLargeException above {@link InputLimits#MAX_WORKLOAD_BYTES}, before parsing
   */
  public static List<JsonNode> readYaml(InputStream in)
      throws IOException, MalformedDocumentException {
    byte[] bytes = InputLimits.readStream(in, InputLimits.MAX_WORKLOAD_BYTES, "workload input");
    return read(new ByteArrayInputStream(bytes), null);
  }

  private static List<JsonNode> read(InputStream in, String source)
      throws IOException, MalformedDocumentException {
    List<JsonNode> objects = new ArrayList<>();
    int documentsRead = 0;
    try (JsonParser parser = AliasRefusingParser.wrap(YAML.getFactory().createParser(in))) {
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      while (true) {
        // The document being read is documentsRead + 1 until it has been read in full.
        try {
          if (parser.nextToken() == null) {
            return objects;
          }
          JsonLocation start = parser.currentTokenLocation();
          JsonNode node = YAML.readTree(parser);
          documentsRead++;
          if (!isEmpty(node)) {
            addFlattened(node, objects, source, documentsRead, start);
          }
        } catch (JsonProcessingException e) {
          throw malformed(e, source, documentsRead + 1);
        }
      }
    }
  }

  /** A document holding only comments, '~' or nothing reads as an empty string or null. */
  private static boolean isEmpty(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode()
        || (node.isTextual() && node.textValue().isEmpty());
  }

  private static void addFlattened(JsonNode node, List<JsonNode> objects, String source,
      int document, JsonLocation start) throws MalformedDocumentException {
    if (!node.isObject()) {
      throw new MalformedDocumentException(source, document, start.getLineNr(),
          start.getColumnNr(), "expected a Kubernetes object (a mapping), found " + describe(node));
    }
    if (!"List".equals(node.path("kind").textValue())) {
      objects.add(node);
      return;
    }
    JsonNode items = node.path("items");
    if (!items.isArray() && !items.isMissingNode() && !items.isNull()) {
      throw new MalformedDocumentException(source, document, start.getLineNr(),
          start.getColumnNr(), "the items of a List must be a sequence, found " + describe(items));
    }
    for (JsonNode item : items) {
      addFlattened(item, objects, source, document, start);
    }
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a sequence";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }

  private static MalformedDocumentException malformed(
      JsonProcessingException e, String source, int document) {
    YamlProblem problem = YamlProblem.of(e);
    MalformedDocumentException malformed = new MalformedDocumentException(
        source, document, problem.line(), problem.column(), problem.problem());
    malformed.initCause(e);
    return malformed;
  }

}
