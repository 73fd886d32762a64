package io.trustgate.core.policy;

import io.trustgate.core.format.AliasRefusingParser;
import io.trustgate.core.format.InputLimits;
import io.trustgate.core.format.Messages;
import io.trustgate.core.format.YamlProblem;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustgate.api.v1alpha1.RevocationFloorStatus;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.revocation.FloorStatus;
import io.trustgate.core.revocation.RevocationFloor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads TrustPolicy YAML (one or many documents per file, or every .yaml/.yml/.json file of a
 * directory) for the CLI and the webhook's local mode. Unknown spec fields are errors here: a
 * typo in a hand-written file should not silently weaken a policy, and neither should a key
 * written twice or a YAML alias (read as its name, not its value). Each file is bounded ({@link InputLimits#MAX_POLICY_BYTES}) before parsing.
 */
public final class PolicyFiles {
  private static final ObjectMapper YAML =
      new ObjectMapper(InputLimits.yamlFactory(InputLimits.MAX_POLICY_BYTES))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private PolicyFiles() {}

  /** Thrown for unreadable files and documents that are not TrustPolicies. */
  public static final class PolicyFileException extends Exception {
    public PolicyFileException(String message) {
      super(message);
    }
  }

  /** All TrustPolicies of a file, or of every YAML/JSON file in a directory (sorted by name). */
  public static List<PolicyDocument> read(Path path) throws PolicyFileException {
    List<PolicyDocument> out = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.filter(PolicyFiles::isPolicyFile).sorted().toList()) {
          out.addAll(readFile(f));
        }
      } catch (IOException e) {
        throw new PolicyFileException("cannot list " + path + ": " + e.getMessage());
      }
      return out;
    }
    return readFile(path);
  }

  private static boolean isPolicyFile(Path p) {
    String n = p.getFileName().toString();
    return Files.isRegularFile(p) && !n.startsWith(".")
        && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
  }

  private static List<PolicyDocument> readFile(Path file) throws PolicyFileException {
    List<PolicyDocument> out = new ArrayList<>();
    byte[] bytes;
    try {
      bytes = InputLimits.readFile(file, InputLimits.MAX_POLICY_BYTES, "policy file");
    } catch (IOException e) {
      throw new PolicyFileException("cannot read " + file + ": " + Messages.firstLine(e.getMessage(), "unreadable"));
    }
    int index = 0;
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class)
        .readValues(AliasRefusingParser.wrap(YAML.getFactory().createParser(bytes)))) {
      while (docs.hasNextValue()) {
        index++;
        JsonNode doc = docs.nextValue();
        if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
          continue;
        }
        out.add(toPolicy(doc, file + " document " + index, file, index));
      }
    } catch (JsonProcessingException e) {
      // A YAML syntax error: say where, as workload files do.
      YamlProblem problem = YamlProblem.of(e);
      throw new PolicyFileException(at(file, Math.max(index, 1), problem.line(), problem.column()) + problem.problem());
    } catch (IOException | RuntimeException e) {
      throw new PolicyFileException("cannot read " + file + ": " + Messages.firstLine(e.getMessage(), "unreadable"));
    }
    return out;
  }

  /** {@code file: YAML document 1, line 12, column 3: } (location parts only when known). */
  private static String at(Path file, int document, int line, int column) {
    StringBuilder out = new StringBuilder().append(file).append(": YAML document ").append(document);
    if (line > 0) {
      out.append(", line ").append(line);
      if (column > 0) {
        out.append(", column ").append(column);
      }
    }
    return out.append(": ").toString();
  }

  static PolicyDocument toPolicy(JsonNode doc, String source) throws PolicyFileException {
    return toPolicy(doc, source, null, 0);
  }

  /** @param file and {@code document} locate binding errors; file may be null */
  private static PolicyDocument toPolicy(JsonNode doc, String source, Path file, int document)
      throws PolicyFileException {
    String kind = doc.path("kind").asText("");
    if (!kind.equals("TrustPolicy")) {
      throw new PolicyFileException(source + ": kind must be TrustPolicy, found \"" + kind + "\"");
    }
    String apiVersion = doc.path("apiVersion").asText("");
    if (!apiVersion.equals("trustgate.io/v1alpha1")) {
      throw new PolicyFileException(
          source + ": apiVersion must be trustgate.io/v1alpha1, found \"" + apiVersion + "\"");
    }
    String name = doc.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw new PolicyFileException(source + ": metadata.name is required");
    }
    try {
      TrustPolicySpec spec = YAML.treeToValue(doc.path("spec"), TrustPolicySpec.class);
      return new PolicyDocument(name, spec, source, floor(doc, source, name));
    } catch (IOException | IllegalArgumentException e) {
      PolicyProblem problem = SpecBindingProblem.of(e);
      Optional<JsonLocation> where = file == null ? Optional.empty()
          : YamlLocations.find(file, document, YamlLocations.pointerOf(problem.field()));
      String prefix = where.isPresent()
          ? at(file, document, where.get().getLineNr(), where.get().getColumnNr()) : source + ": ";
      throw new PolicyFileException(prefix + "policy " + name + ": " + problem);
    }
  }

  /** A policy exported from a cluster keeps its status.revocationFloor: honour it here too. */
  private static Optional<RevocationFloor> floor(JsonNode doc, String source, String name) throws PolicyFileException {
    JsonNode floor = doc.at("/status/revocationFloor");
    if (!floor.isObject()) {
      return Optional.empty();
    }
    try {
      return FloorStatus.fromStatus(YAML.readerFor(RevocationFloorStatus.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(floor));
    } catch (IOException | IllegalArgumentException e) {
      throw new PolicyFileException(source + " (" + name + "): status.revocationFloor: "
          + Messages.firstLine(e.getMessage(), "unreadable"));
    }
  }

}
