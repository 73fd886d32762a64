package io.trustgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chart under deploy/helm/trustgate, rendered by the Helm engine (helm-java). */
final class Chart {
  static final Path ROOT = Path.of(System.getProperty("trustgate.repositoryRoot", "..")).toAbsolutePath().normalize();
  static final Path DIR = ROOT.resolve("deploy/helm/trustgate");
  static final Path INSTALL = ROOT.resolve("deploy/install.yaml");
  static final String RELEASE = "trustgate";
  static final String NAMESPACE = "trustgate-system";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Chart() {}

  /** helm template trustgate deploy/helm/trustgate -n trustgate-system --set k=v ... */
  static String template(Map<String, Object> values) {
    return template(NAMESPACE, values);
  }

  static String template(String namespace, Map<String, Object> values) {
    TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(namespace);
    values.forEach(command::set);
    return command.call();
  }

  static Rendered render(Map<String, Object> values) {
    return Rendered.of(template(values));
  }

  static Map<String, Object> values(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  /** The documents of a rendering: each as a tree and as fabric8's typed model (generic for CRD kinds). */
  record Rendered(List<JsonNode> trees, List<HasMetadata> objects) {
    static Rendered of(String yaml) {
      List<JsonNode> trees = new ArrayList<>();
      List<HasMetadata> objects = new ArrayList<>();
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
        while (docs.hasNextValue()) {
          JsonNode tree = docs.nextValue();
          if (tree == null || tree.isNull() || tree.isEmpty()) {
            continue;
          }
          trees.add(tree);
          objects.add((HasMetadata) SERIALIZATION.convertValue(tree, KubernetesResource.class));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Rendered(trees, objects);
    }

    List<String> names() {
      return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
      return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + "/" + name + " in " + names()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return objects.stream().filter(type::isInstance).map(type::cast)
          .filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    JsonNode tree(String kind, String name) {
      return trees.stream().filter(t -> t.path("kind").asText().equals(kind) && t.at("/metadata/name").asText().equals(name))
          .findFirst().orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + names()));
    }
  }
}
