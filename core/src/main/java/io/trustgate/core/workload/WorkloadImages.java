package io.trustgate.core.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds every image a Kubernetes object would run or mount: containers, init and ephemeral
 * containers, and image volumes, in Pods and the built-in kinds that embed a pod template. Kinds are recognised by {@code kind} alone, whatever the API group, so an unfamiliar
 * version of a built-in kind is still checked.
 *
 * <p>Tolerant of partial objects (absent lists are empty), strict about containers: one without
 * a string {@code image} (or an image volume without a string {@code reference}) still yields an
 * occurrence, with image {@code ""}, for the engine to deny.
 */
public final class WorkloadImages {

  private static final String TEMPLATE_SPEC = "spec.template.spec";

  /** Where each kind keeps its pod spec, as a dotted path from the object root. */
  private static final Map<String, String> POD_SPEC_PATHS = Map.of(
      "Pod", "spec",
      "PodTemplate", "template.spec",
      "Deployment", TEMPLATE_SPEC,
      "StatefulSet", TEMPLATE_SPEC,
      "DaemonSet", TEMPLATE_SPEC,
      "ReplicaSet", TEMPLATE_SPEC,
      "ReplicationController", TEMPLATE_SPEC,
      "Job", TEMPLATE_SPEC,
      "CronJob", "spec.jobTemplate.spec.template.spec");

  /** The volume source that mounts an OCI image: {@code volumes[].image.reference}. */
  private static final String IMAGE_VOLUME = "image";

  private static final List<String> CONTAINER_LISTS =
      List.of("containers", "initContainers", "ephemeralContainers");

  private WorkloadImages() {}

  /**
   * Every image of the object, or empty when its kind carries no pod spec. No cap: the apiserver
   * already bounds request size; use {@link #extract(JsonNode, int)} to bound the work further.
   */
  public static Optional<Workload> extract(JsonNode object) {
    ImageExtraction result = extract(object, Integer.MAX_VALUE);
    return result instanceof ImageExtraction.Extracted extracted
        ? Optional.of(extracted.workload())
        : Optional.empty();
  }

  /**
   * Every image of the object, unless it lists more than {@code maxOccurrences}: then {@link
   * ImageExtraction.TooManyImages}, so the caller can deny rather than check part of a workload.
   */
  public static ImageExtraction extract(JsonNode object, int maxOccurrences) {
    if (maxOccurrences < 0) {
      throw new IllegalArgumentException("maxOccurrences must not be negative: " + maxOccurrences);
    }
    String kind = text(object == null ? null : object.get("kind"));
    String specPath = POD_SPEC_PATHS.get(kind);
    if (specPath == null || !object.isObject()) {
      return new ImageExtraction.NoPodSpec(kind);
    }
    JsonNode metadata = object.path("metadata");
    String namespace = text(metadata.get("namespace"));
    String name = text(metadata.get("name"));
    if (name.isEmpty()) {
      name = text(metadata.get("generateName"));
    }

    JsonNode podSpec = object;
    for (String field : specPath.split("\\.")) {
      podSpec = podSpec.path(field);
    }
    long found = 0;
    for (String list : CONTAINER_LISTS) {
      JsonNode containers = podSpec.path(list);
      found += containers.isArray() ? containers.size() : 0;
    }
    JsonNode volumes = podSpec.path("volumes");
    if (volumes.isArray()) {
      for (JsonNode volume : volumes) {
        found += volume.has(IMAGE_VOLUME) ? 1 : 0;
      }
    }
    if (found > maxOccurrences) {
      return new ImageExtraction.TooManyImages(
          kind, namespace, name, (int) Math.min(found, Integer.MAX_VALUE), maxOccurrences);
    }

    List<ImageOccurrence> images = new ArrayList<>((int) found);
    for (String list : CONTAINER_LISTS) {
      JsonNode containers = podSpec.path(list);
      if (!containers.isArray()) {
        continue;
      }
      for (int i = 0; i < containers.size(); i++) {
        String fieldPath = specPath + "." + list + "[" + i + "].image";
        images.add(new ImageOccurrence(fieldPath, text(containers.get(i).get("image"))));
      }
    }
    // Image volumes (Kubernetes 1.31+) mount an image's content into the Pod: the same trust
    // question as a container, so they get the same pipeline.
    for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
      JsonNode volume = volumes.get(i);
      if (volume.has(IMAGE_VOLUME)) {
        String fieldPath = specPath + ".volumes[" + i + "].image.reference";
        images.add(new ImageOccurrence(fieldPath, text(volume.path(IMAGE_VOLUME).get("reference"))));
      }
    }
    String apiVersion = text(object.get("apiVersion"));
    return new ImageExtraction.Extracted(new Workload(apiVersion, kind, namespace, name, images));
  }

  /** The string value of a field, or "" when absent or not a string. */
  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : "";
  }
}
