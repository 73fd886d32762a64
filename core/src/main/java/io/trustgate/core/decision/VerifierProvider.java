package io.trustgate.core.decision;

import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.sigstore.BundleVerifier;
import java.util.Optional;

/** The verifier for a policy's trust root; empty when that root is not (yet) available. */
@FunctionalInterface
public interface VerifierProvider {
  Optional<BundleVerifier> verifierFor(TrustRootRef root);

  /** Every policy verifies against the same root (the CLI's and webhook's --trusted-root). */
  static VerifierProvider fixed(BundleVerifier verifier) {
    Optional<BundleVerifier> v = Optional.of(verifier);
    return root -> v;
  }
}
