package io.trustgate.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Image volumes (Kubernetes 1.31+) run an image's content in a Pod: they are judged like containers. */
class ImageVolumesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String POD_SPEC = """
      {"containers": [{"name": "app", "image": "ghcr.io/acme/app:v1"}],
       "volumes": [{"name": "cache", "emptyDir": {}},
                   {"name": "tools", "image": {"reference": "ghcr.io/acme/tools:v2", "pullPolicy": "IfNotPresent"}},
                   {"name": "data", "image": {"reference": "ghcr.io/acme/data:v3"}},
                   {"name": "broken", "image": {"pullPolicy": "Always"}},
                   {"name": "odd", "image": {"reference": 7}}]}
      """;

  private static JsonNode object(String kind, String specPath) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", "v1").put("kind", kind);
    root.putObject("metadata").put("namespace", "prod").put("name", "web");
    ObjectNode parent = root;
    String[] fields = specPath.split("\\.");
    for (int i = 0; i < fields.length - 1; i++) {
      parent = parent.putObject(fields[i]);
    }
    parent.set(fields[fields.length - 1], JSON.readTree(POD_SPEC));
    return root;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Pod,                   spec",
      "PodTemplate,           template.spec",
      "Deployment,            spec.template.spec",
      "StatefulSet,           spec.template.spec",
      "DaemonSet,             spec.template.spec",
      "ReplicaSet,            spec.template.spec",
      "ReplicationController, spec.template.spec",
      "Job,                   spec.template.spec",
      "CronJob,               spec.jobTemplate.spec.template.spec"})
  void findsImageVolumesWithTheirFieldPaths(String kind, String specPath) throws Exception {
    Workload workload = WorkloadImages.extract(object(kind, specPath)).orElseThrow();

    assertThat(workload.images()).containsExactly(
        new ImageOccurrence(specPath + ".containers[0].image", "ghcr.io/acme/app:v1"),
        new ImageOccurrence(specPath + ".volumes[1].image.reference", "ghcr.io/acme/tools:v2"),
        new ImageOccurrence(specPath + ".volumes[2].image.reference", "ghcr.io/acme/data:v3"),
        // An image volume without a string reference is still an occurrence, for the engine to deny.
        new ImageOccurrence(specPath + ".volumes[3].image.reference", ""),
        new ImageOccurrence(specPath + ".volumes[4].image.reference", ""));
  }

  @ParameterizedTest(name = "limit {0}")
  @CsvSource({"4, true", "5, false"})
  void imageVolumesCountTowardsTheImageLimit(int limit, boolean tooMany) throws Exception {
    ImageExtraction result = WorkloadImages.extract(object("Pod", "spec"), limit);

    assertThat(result instanceof ImageExtraction.TooManyImages).isEqualTo(tooMany);
  }
}
