package io.trustgate.core.manifest;

import io.trustgate.core.decision.Reason;

/** A release manifest fetched for one (version, variant, arch): verified, or why not. */
public sealed interface ManifestEvidence {
  String url();

  /**
   * A manifest whose bundle verified (or whose check was skipped) and whose version, variant
   * and arch are the ones asked for.
   *
   * @param signer the certificate identity that signed it; null when signature checks were skipped
   */
  record Verified(String url, ReleaseManifest manifest, String sha256, String signer)
      implements ManifestEvidence {
    public boolean signatureSkipped() {
      return signer == null;
    }
  }

  /** Why no usable manifest exists at the URL. */
  record Failed(String url, Reason reason, String message) implements ManifestEvidence {}
}
