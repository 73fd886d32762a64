package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The Sigstore trust root bundles are verified against. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.publicGood) != has(self.configMapRef)",
    message = "exactly one of publicGood or configMapRef must be set")
public class TrustRoot {
  @JsonPropertyDescription(
      "Use the Sigstore public-good instance (Fulcio, Rekor, CT log of sigstore.dev). Set it"
          + " to an empty object: {}.")
  public PublicGood publicGood;

  @JsonPropertyDescription(
      "A trusted_root.json held in a ConfigMap, for air-gapped clusters and private Sigstore"
          + " deployments.")
  public ConfigMapKeyRef configMapRef;

  public static TrustRoot publicGoodRoot() {
    TrustRoot root = new TrustRoot();
    root.publicGood = new PublicGood();
    return root;
  }

  public static TrustRoot configMap(String namespace, String name, String key) {
    TrustRoot root = new TrustRoot();
    root.configMapRef = new ConfigMapKeyRef(namespace, name, key);
    return root;
  }

  /**
   * Marker for the public-good trust root; it has no fields. The Jackson annotation lets it
   * serialise as {@code {}} (Jackson refuses bare empty beans).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PublicGood {}
}
