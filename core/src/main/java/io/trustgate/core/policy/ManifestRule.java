package io.trustgate.core.policy;

/** Where a policy's release manifests live and who signs them. */
public record ManifestRule(String urlTemplate, SignerTemplate signer) {
  /** Suffix of the Sigstore bundle that sits next to every signed document. */
  public static final String BUNDLE_SUFFIX = ".bundle";

  public String manifestUrl(ReleaseCoordinates at) {
    return at.expand(urlTemplate);
  }
}
