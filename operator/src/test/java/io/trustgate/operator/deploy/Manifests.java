package io.trustgate.operator.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.trustgate.api.v1alpha1.TrustPolicy;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML under deploy/ into fabric8's typed model, strictly: a property the model does
 * not know (a typo, a field of a newer Kubernetes) is an error. fabric8 keeps unknown properties
 * in each object's additionalProperties instead of failing, so every object reached from a
 * document is checked for them.
 */
final class Manifests {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path INSTALL = ROOT.resolve("deploy/install.yaml");
  static final Path EXAMPLES = ROOT.resolve("deploy/examples");
  static final Path CRD = ROOT.resolve("crds/trustpolicies.trustgate.io-v1.yml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** A document as written and as typed. */
  record Document(JsonNode tree, HasMetadata object) {}

  private Manifests() {}

  static List<Document> read(Path file) throws IOException {
    List<Document> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNextValue()) {
        JsonNode tree = docs.nextValue();
        if (tree == null || tree.isNull() || tree.isEmpty()) {
          continue;
        }
        HasMetadata object = typed(tree);
        List<String> unknown = new ArrayList<>();
        unknownProperties(object, object.getKind(), unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
          throw new IllegalArgumentException(file + ": " + describe(object) + " has unknown properties " + unknown);
        }
        out.add(new Document(tree, object));
      }
    }
    return out;
  }

  static List<Path> examples() throws IOException {
    try (var files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static String describe(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }

  private static HasMetadata typed(JsonNode tree) throws IOException {
    String apiVersion = tree.path("apiVersion").asText();
    String kind = tree.path("kind").asText();
    if (apiVersion.equals(TrustPolicy.API_VERSION) && kind.equals(TrustPolicy.KIND)) {
      return YAML.treeToValue(tree, TrustPolicy.class);
    }
    KubernetesResource resource = SERIALIZATION.convertValue(tree, KubernetesResource.class);
    if (!(resource instanceof HasMetadata) || resource.getClass().getSimpleName().startsWith("Generic")) {
      throw new IllegalArgumentException("not a known Kubernetes kind: " + apiVersion + " " + kind);
    }
    return (HasMetadata) resource;
  }

  /** Walks fabric8 model getters and collects the path of every non-empty additionalProperties. */
  private static void unknownProperties(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection) {
      int i = 0;
      for (Object item : (Collection<?>) o) {
        unknownProperties(item, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
        unknownProperties(e.getValue(), path + "." + e.getKey(), out, seen);
      }
      return;
    }
    String pkg = o.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.trustgate.api")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
          out.add(path + " " + ((Map<?, ?>) value).keySet());
        }
        continue;
      }
      unknownProperties(value, path + "." + property(m.getName()), out, seen);
    }
  }

  private static String property(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }
}
