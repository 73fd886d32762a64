package io.trustgate.core.decision;

import java.util.List;

/** The judgement of a whole object: allowed only when no image has a denying finding. */
public record Decision(List<ImageVerdict> images, List<Finding> objectFindings) {
  public Decision {
    images = List.copyOf(images);
    objectFindings = List.copyOf(objectFindings);
  }

  public boolean allowed() {
    return objectFindings.stream().noneMatch(Finding::denies)
        && images.stream().allMatch(ImageVerdict::allowed);
  }

  /** Every finding, object-level first, in image order. */
  public List<Finding> findings() {
    return java.util.stream.Stream.concat(
            objectFindings.stream(), images.stream().flatMap(v -> v.findings().stream()))
        .toList();
  }

  public List<Finding> denials() {
    return findings().stream().filter(Finding::denies).toList();
  }

  public List<Finding> warnings() {
    return findings().stream().filter(f -> !f.denies()).toList();
  }
}
