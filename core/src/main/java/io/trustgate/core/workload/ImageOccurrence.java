package io.trustgate.core.workload;

import java.util.Objects;

/**
 * One image as written in a pod spec, with where it was found.
 *
 * @param fieldPath e.g. {@code spec.template.spec.initContainers[1].image}
 * @param image the string as written, unparsed and untrusted; {@code ""} when the container had no
 *     string {@code image}
 */
public record ImageOccurrence(String fieldPath, String image) {

  public ImageOccurrence {
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(image, "image");
  }
}
