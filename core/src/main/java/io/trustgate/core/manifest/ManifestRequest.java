package io.trustgate.core.manifest;

import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.SignerIdentity;

/**
 * What to fetch and how to judge it.
 *
 * @param verifier verifies the manifest's bundle; null skips signature checks (escape hatch)
 */
public record ManifestRequest(
    String url, ReleaseCoordinates expected, SignerIdentity signer, BundleVerifier verifier) {

  /** Cache identity: same URL, same expectations, same signer, same trust root. */
  record Key(String url, ReleaseCoordinates expected, SignerIdentity signer, BundleVerifier verifier) {}

  /** Matchers compare by value, so the key needs no per-request string building. */
  Key key() {
    return new Key(url, expected, verifier == null ? null : signer, verifier);
  }
}
