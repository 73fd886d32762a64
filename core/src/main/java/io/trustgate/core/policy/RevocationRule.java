package io.trustgate.core.policy;

import io.trustgate.api.v1alpha1.StaleAction;
import io.trustgate.core.sigstore.SignerIdentity;
import java.time.Duration;

/** Where a policy's revocation list lives, who signs it and how fresh it must be. */
public record RevocationRule(
    String url,
    SignerIdentity signer,
    Duration refreshInterval,
    Duration maxStaleness,
    StaleAction onStale) {

  public String bundleUrl() {
    return url + ManifestRule.BUNDLE_SUFFIX;
  }
}
