package io.trustgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every value is documented and in the schema; the values examples of docs/install.md render. */
class ChartDocsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void everyValueIsInTheReadmeTableAndInTheSchema() throws Exception {
    JsonNode values = YAML.readTree(Chart.DIR.resolve("values.yaml").toFile());
    JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
    String readme = Files.readString(Chart.DIR.resolve("README.md"));
    List<String> keys = new ArrayList<>();
    leaves(values, "", keys);
    assertThat(keys).hasSizeGreaterThan(40);
    for (String key : keys) {
      assertThat(readme).as("deploy/helm/trustgate/README.md documents %s", key).contains("| `" + key + "` |");
      JsonNode node = schema;
      for (String part : key.split("\\.")) {
        node = node.path("properties").path(part);
      }
      assertThat(node.isMissingNode()).as("values.schema.json has %s", key).isFalse();
    }
  }

  /** Leaf keys; resources and the maps/lists passed through to Kubernetes count as one value each. */
  private static void leaves(JsonNode node, String prefix, List<String> out) {
    if (!node.isObject() || node.isEmpty() || prefix.endsWith("resources")) {
      out.add(prefix);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      leaves(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
    }
  }

  @Test
  void theValuesExamplesOfInstallMdRender(@TempDir Path dir) throws Exception {
    String doc = Files.readString(Chart.ROOT.resolve("docs/install.md"));
    Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(doc);
    int examples = 0;
    while (m.find()) {
      String block = m.group(1);
      if (!block.startsWith("namespace:") && !block.startsWith("tls:")) {
        continue; // NetworkPolicy snippets and the like
      }
      // The examples name digests as placeholders.
      Path file = Files.writeString(dir.resolve("values-" + examples++ + ".yaml"),
          block.replaceAll("sha256:<[^>]*>", "sha256:" + "0".repeat(64)));
      Chart.Rendered r = Chart.Rendered.of(new Helm(Chart.DIR).template().withName(Chart.RELEASE)
          .withNamespace(Chart.NAMESPACE).withValuesFile(file).call());
      assertThat(r.find(Deployment.class, "trustgate-webhook")).as(block).isPresent();
    }
    assertThat(examples).as("values examples in docs/install.md").isEqualTo(2);
  }
}
