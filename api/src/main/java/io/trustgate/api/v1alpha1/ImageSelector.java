package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One family of images governed by a policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageSelector {
  @JsonPropertyDescription(
      "Glob over the image repository, normalised (docker.io/library/ is implied for short"
          + " names). '*' matches within one path segment, '**' across segments. Tag and digest"
          + " are not part of the match. Example: ghcr.io/acme-labs/forge-dev*.")
  @Required
  public String glob;

  @JsonPropertyDescription(
      "Release variant of these images, as written in their manifests (e.g. dev, builder);"
          + " substituted for {variant} in URLs and identities.")
  @Required
  @Pattern("^[a-z0-9][a-z0-9._-]{0,62}$")
  public String variant;

  public ImageSelector() {}

  public ImageSelector(String glob, String variant) {
    this.glob = glob;
    this.variant = variant;
  }
}
