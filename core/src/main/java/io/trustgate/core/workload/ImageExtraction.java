package io.trustgate.core.workload;

/**
 * What {@link WorkloadImages#extract(com.fasterxml.jackson.databind.JsonNode, int)} found. A
 * sealed result rather than a flag on {@link Workload}, so a caller cannot check a truncated image
 * list by accident: it has to handle {@link TooManyImages}.
 */
public sealed interface ImageExtraction {

  /** The object's kind carries no pod spec (or the object is not a Kubernetes object). */
  record NoPodSpec(String kind) implements ImageExtraction {}

  /** Every image of the workload. */
  record Extracted(Workload workload) implements ImageExtraction {}

  /**
   * The workload lists more images than the caller is willing to check; none are returned.
   *
   * @param found how many image occurrences the pod spec lists
   * @param limit the caller's maximum
   */
  record TooManyImages(String kind, String namespace, String name, int found, int limit)
      implements ImageExtraction {

    /** A sentence for the denial, e.g. "Pod prod/web lists 300 images, more than the limit of 256". */
    public String message() {
      String who = kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
      return who.strip() + " lists " + found + " images, more than the limit of " + limit;
    }
  }
}
