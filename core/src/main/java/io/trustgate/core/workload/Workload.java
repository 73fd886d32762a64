package io.trustgate.core.workload;

import java.util.List;
import java.util.Objects;

/**
 * A Kubernetes object that carries a pod spec, reduced to what admission needs: its identity and
 * every image it would run, in document order (containers, initContainers, ephemeralContainers,
 * then image volumes).
 *
 * @param apiVersion as written, {@code ""} when absent
 * @param kind e.g. {@code Deployment}
 * @param namespace {@code ""} when absent
 * @param name {@code metadata.name}, else {@code metadata.generateName}, else {@code ""}
 * @param images every image occurrence, immutable
 */
public record Workload(
    String apiVersion, String kind, String namespace, String name, List<ImageOccurrence> images) {

  public Workload {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    images = List.copyOf(images);
  }

  /** {@code Deployment prod/web}, or {@code Pod web} without a namespace, for messages. */
  public String describe() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
