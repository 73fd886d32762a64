package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where release manifests are fetched from and who signs them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManifestSource {
  @JsonPropertyDescription(
      "URL template of a release manifest; {version}, {variant} and {arch} are substituted."
          + " The Sigstore bundle is fetched from the same URL with '.bundle' appended. https or"
          + " http; in air-gapped clusters the same URL is answered by a mirror ConfigMap.")
  @Required
  public String url;

  @JsonPropertyDescription("Identity that must have signed every release manifest.")
  @Required
  public Signer signer;

  public ManifestSource() {}

  public ManifestSource(String url, Signer signer) {
    this.url = url;
    this.signer = signer;
  }
}
