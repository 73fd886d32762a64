package io.trustgate.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadImagesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String POD_SPEC = """
      {"containers": [{"name": "app", "image": "ghcr.io/acme/app:v1"},
                      {"name": "sidecar", "image": "ghcr.io/acme/sidecar:v2"}],
       "initContainers": [{"name": "init", "image": "ghcr.io/acme/init:v3"}],
       "ephemeralContainers": [{"name": "debug", "image": "busybox"}]}
      """;

  /** Wraps the pod spec at the given dotted path of an object of the given kind. */
  private static JsonNode object(String apiVersion, String kind, String specPath) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", apiVersion);
    root.put("kind", kind);
    root.set("metadata", JSON.readTree("{\"namespace\": \"prod\", \"name\": \"web\"}"));
    ObjectNode parent = root;
    String[] fields = specPath.split("\\.");
    for (int i = 0; i < fields.length - 1; i++) {
      parent = parent.putObject(fields[i]);
    }
    parent.set(fields[fields.length - 1], JSON.readTree(POD_SPEC));
    return root;
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
      "v1,       Pod,                   spec",
      "v1,       PodTemplate,           template.spec",
      "apps/v1,  Deployment,            spec.template.spec",
      "apps/v1,  StatefulSet,           spec.template.spec",
      "apps/v1,  DaemonSet,             spec.template.spec",
      "apps/v1,  ReplicaSet,            spec.template.spec",
      "v1,       ReplicationController, spec.template.spec",
      "batch/v1, Job,                   spec.template.spec",
      "batch/v1, CronJob,               spec.jobTemplate.spec.template.spec"})
  void extractsEveryImageOfEachWorkloadKindInOrder(String apiVersion, String kind, String specPath)
      throws Exception {
    Workload workload = WorkloadImages.extract(object(apiVersion, kind, specPath)).orElseThrow();

    assertThat(workload.apiVersion()).isEqualTo(apiVersion);
    assertThat(workload.kind()).isEqualTo(kind);
    assertThat(workload.namespace()).isEqualTo("prod");
    assertThat(workload.name()).isEqualTo("web");
    assertThat(workload.images()).containsExactly(
        new ImageOccurrence(specPath + ".containers[0].image", "ghcr.io/acme/app:v1"),
        new ImageOccurrence(specPath + ".containers[1].image", "ghcr.io/acme/sidecar:v2"),
        new ImageOccurrence(specPath + ".initContainers[0].image", "ghcr.io/acme/init:v3"),
        new ImageOccurrence(specPath + ".ephemeralContainers[0].image", "busybox"));
  }

  @Test
  void namesCronJobFieldPathsFromTheRoot() throws Exception {
    JsonNode cronJob = object("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec");

    Workload workload = WorkloadImages.extract(cronJob).orElseThrow();

    assertThat(workload.images().get(3).fieldPath())
        .isEqualTo("spec.jobTemplate.spec.template.spec.ephemeralContainers[0].image");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ConfigMap", "Service", "Namespace", "TrustPolicy", ""})
  void findsNoPodSpecInOtherKinds(String kind) throws Exception {
    JsonNode object = object("v1", kind, "spec");

    assertThat(WorkloadImages.extract(object)).isEmpty();
    assertThat(WorkloadImages.extract(object, 10)).isEqualTo(new ImageExtraction.NoPodSpec(kind));
  }

  @Test
  void findsNoPodSpecInNullOrNonObjects() throws Exception {
    assertThat(WorkloadImages.extract(null)).isEmpty();
    assertThat(WorkloadImages.extract(JSON.readTree("[{\"kind\": \"Pod\"}]"))).isEmpty();
    assertThat(WorkloadImages.extract(JSON.readTree("\"Pod\""))).isEmpty();
  }

  @Test
  void toleratesMissingListsAndSpecs() throws Exception {
    Optional<Workload> noSpec = WorkloadImages.extract(JSON.readTree("""
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}
        """));
    Optional<Workload> onlyInit = WorkloadImages.extract(JSON.readTree("""
        {"kind": "Pod", "spec": {"initContainers": [{"image": "a"}], "containers": null}}
        """));

    assertThat(noSpec.orElseThrow().images()).isEmpty();
    assertThat(onlyInit.orElseThrow().images())
        .containsExactly(new ImageOccurrence("spec.initContainers[0].image", "a"));
    assertThat(onlyInit.orElseThrow().apiVersion()).isEmpty();
    assertThat(onlyInit.orElseThrow().namespace()).isEmpty();
  }

  @Test
  void reportsAContainerWithoutAStringImageAsAnEmptyImage() throws Exception {
    JsonNode pod = JSON.readTree("""
        {"kind": "Pod", "spec": {"containers": [
          {"name": "no-image"}, {"image": 42}, {"image": null}, {"image": ["x"]}, "not-an-object",
          {"image": "ok"}]}}
        """);

    Workload workload = WorkloadImages.extract(pod).orElseThrow();

    assertThat(workload.images()).extracting(ImageOccurrence::image)
        .containsExactly("", "", "", "", "", "ok");
    assertThat(workload.images().get(4).fieldPath()).isEqualTo("spec.containers[4].image");
  }

  @Test
  void usesGenerateNameWhenNameIsEmpty() throws Exception {
    JsonNode generated = JSON.readTree("""
        {"kind": "Pod", "metadata": {"name": "", "generateName": "web-7d9f-", "namespace": "prod"}}
        """);
    JsonNode nameless = JSON.readTree("{\"kind\": \"Pod\", \"metadata\": {}}");

    assertThat(WorkloadImages.extract(generated).orElseThrow().name()).isEqualTo("web-7d9f-");
    assertThat(WorkloadImages.extract(nameless).orElseThrow().name()).isEmpty();
    assertThat(WorkloadImages.extract(generated).orElseThrow().describe())
        .isEqualTo("Pod prod/web-7d9f-");
  }

  @Test
  void extractsUpToTheCap() throws Exception {
    JsonNode deployment = object("apps/v1", "Deployment", "spec.template.spec");

    ImageExtraction result = WorkloadImages.extract(deployment, 4);

    assertThat(result).isInstanceOfSatisfying(ImageExtraction.Extracted.class,
        extracted -> assertThat(extracted.workload().images()).hasSize(4));
  }

  @Test
  void refusesWorkloadsOverTheCapWithAMessageForTheDenial() throws Exception {
    JsonNode deployment = object("apps/v1", "Deployment", "spec.template.spec");

    ImageExtraction result = WorkloadImages.extract(deployment, 3);

    assertThat(result).isEqualTo(
        new ImageExtraction.TooManyImages("Deployment", "prod", "web", 4, 3));
    assertThat(((ImageExtraction.TooManyImages) result).message())
        .isEqualTo("Deployment prod/web lists 4 images, more than the limit of 3");
  }

  @Test
  void countsEveryListAgainstTheCap() throws Exception {
    ObjectNode pod = (ObjectNode) JSON.readTree("{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}}");
    ObjectNode spec = pod.putObject("spec");
    for (String list : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
      ArrayNode containers = spec.putArray(list);
      for (int i = 0; i < 100; i++) {
        containers.addObject().put("image", "x");
      }
    }

    assertThat(WorkloadImages.extract(pod, 299)).isInstanceOfSatisfying(
        ImageExtraction.TooManyImages.class, tooMany -> {
          assertThat(tooMany.found()).isEqualTo(300);
          assertThat(tooMany.message()).isEqualTo("Pod p lists 300 images, more than the limit of 299");
        });
    assertThat(WorkloadImages.extract(pod, 300)).isInstanceOf(ImageExtraction.Extracted.class);
  }

  @Test
  void rejectsANegativeCap() {
    assertThatThrownBy(() -> WorkloadImages.extract(JSON.createObjectNode(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void workloadImageListsAreImmutable() throws Exception {
    Workload workload = WorkloadImages.extract(object("v1", "Pod", "spec")).orElseThrow();

    assertThatThrownBy(() -> workload.images().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
