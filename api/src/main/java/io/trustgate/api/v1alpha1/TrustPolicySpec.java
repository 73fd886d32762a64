package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What a TrustPolicy asks for. Field docs become {@code kubectl explain} text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrustPolicySpec {
  /** Default for {@link #versionFromTag}. */
  public static final String DEFAULT_VERSION_FROM_TAG =
      "^v?(?P<version>[0-9]+\\.[0-9]+\\.[0-9]+)$";

  @JsonPropertyDescription(
      "Enforce denies admission when a check fails; Warn admits and returns the findings as"
          + " admission warnings. Default Enforce.")
  @Default("Enforce")
  public PolicyMode mode;

  @JsonPropertyDescription(
      "Which images this policy governs, each with the release variant its manifests describe."
          + " An image matched by no policy is not governed and is admitted.")
  @Required
  @Size(min = 1)
  public List<ImageSelector> images;

  @JsonPropertyDescription(
      "RE2 regular expression with a named group 'version' that extracts the release version"
          + " from the image tag; it must match the whole tag. Default"
          + " '^v?(?P<version>[0-9]+\\.[0-9]+\\.[0-9]+)$'.")
  @Default(DEFAULT_VERSION_FROM_TAG)
  public String versionFromTag;

  @JsonPropertyDescription(
      "CPU architectures released for these images, in the spelling of the manifests"
          + " (x86_64, aarch64). A digest is looked up in the manifest of each architecture."
          + " Default [x86_64, aarch64].")
  @Size(min = 1)
  public List<Arch> arches;

  @JsonPropertyDescription("Where the signed release manifests live and who must have signed them.")
  @Required
  public ManifestSource manifests;

  @JsonPropertyDescription(
      "Where the signed revocation list lives and who must have signed it. Without it no"
          + " release is ever treated as recalled.")
  public RevocationSource revocations;

  @JsonPropertyDescription(
      "The Sigstore trust root that bundles are verified against. Default: the Sigstore"
          + " public-good instance.")
  public TrustRoot trustRoot;

  @JsonPropertyDescription(
      "Deny governed images that are not pinned by digest (image@sha256:...). When false, an"
          + " image without a digest is checked by version only and admitted with a warning."
          + " Default true.")
  @Default("true")
  public Boolean requireDigest;

  @JsonPropertyDescription(
      "What happens after a manifest's not_after: Enforce denies, Warn admits with a warning."
          + " Default Enforce.")
  @Default("Enforce")
  public PolicyMode expiry;

  @JsonPropertyDescription(
      "Emergency escape hatches. Each skipped check leaves a warning on every admission it"
          + " affects and sets the EscapeHatchActive condition.")
  public Skip skip;
}
