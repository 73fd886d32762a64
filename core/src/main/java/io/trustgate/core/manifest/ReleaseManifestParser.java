package io.trustgate.core.manifest;

import static io.trustgate.core.format.JsonDocument.optionalString;
import static io.trustgate.core.format.JsonDocument.optionalTime;
import static io.trustgate.core.format.JsonDocument.requiredArray;
import static io.trustgate.core.format.JsonDocument.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.core.format.FormatException;
import io.trustgate.core.format.JsonDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads release manifests: strict on the fields trustgate relies on, tolerant of new ones. */
public final class ReleaseManifestParser {
  /** Highest schema_version this reader understands. */
  public static final int MAX_SCHEMA_VERSION = 1;

  // Fixed, linear pattern over a bounded string; not user-controlled.
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private ReleaseManifestParser() {}

  public static ReleaseManifest parse(byte[] bytes) throws FormatException {
    JsonNode doc = JsonDocument.parseObject(bytes, "release manifest");
    String where = "release manifest";
    int schema = JsonDocument.schemaVersion(doc, MAX_SCHEMA_VERSION, where);
    String version = requiredString(doc, "version", where);
    String arch = requiredString(doc, "arch", where);
    String variant = requiredString(doc, "variant", where);

    List<Artifact> artifacts = new ArrayList<>();
    JsonNode list = requiredArray(doc, "artifacts", where);
    for (int i = 0; i < list.size(); i++) {
      artifacts.add(artifact(list.get(i), where + ": artifacts[" + i + "]"));
    }

    return new ReleaseManifest(
        schema,
        version,
        arch,
        variant,
        optionalString(doc, "rootfs_format", where),
        artifacts,
        optionalString(doc, "nix_store_hash", where),
        optionalString(doc, "source_git_sha", where),
        flakeLocks(doc, where),
        advisories(doc, where),
        optionalTime(doc, "built_at", where),
        optionalTime(doc, "not_after", where));
  }

  private static Artifact artifact(JsonNode node, String where) throws FormatException {
    if (node == null || !node.isObject()) {
      throw FormatException.invalid(where + " must be an object with name and sha256");
    }
    String name = requiredString(node, "name", where);
    String sha = requiredString(node, "sha256", where);
    if (!SHA256_HEX.matcher(sha).matches()) {
      throw FormatException.invalid(where + ": sha256 must be 64 hexadecimal characters");
    }
    return new Artifact(name, sha.toLowerCase(Locale.ROOT));
  }

  private static Map<String, String> flakeLocks(JsonNode doc, String where) throws FormatException {
    JsonNode locks = doc.get("flake_locks");
    Map<String, String> out = new LinkedHashMap<>();
    if (locks == null || locks.isNull()) {
      return out;
    }
    if (!locks.isObject()) {
      throw FormatException.invalid(where + ": flake_locks must be an object");
    }
    for (var e : locks.properties()) {
      if (!e.getValue().isTextual()) {
        throw FormatException.invalid(where + ": flake_locks values must be strings");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static List<String> advisories(JsonNode doc, String where) throws FormatException {
    JsonNode adv = doc.get("addressed_advisories");
    List<String> out = new ArrayList<>();
    if (adv == null || adv.isNull()) {
      return out;
    }
    if (!adv.isArray()) {
      throw FormatException.invalid(where + ": addressed_advisories must be an array of strings");
    }
    for (JsonNode a : adv) {
      if (!a.isTextual()) {
        throw FormatException.invalid(where + ": addressed_advisories must be an array of strings");
      }
      out.add(a.textValue());
    }
    return out;
  }
}
