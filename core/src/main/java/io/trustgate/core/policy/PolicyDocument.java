package io.trustgate.core.policy;

import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.revocation.RevocationFloor;
import java.util.Optional;

/**
 * A TrustPolicy as read from the cluster or a file: its name, its spec, where it came from, and
 * the revocation floor persisted in its status, if any.
 */
public record PolicyDocument(String name, TrustPolicySpec spec, String source, Optional<RevocationFloor> floor) {
  public PolicyDocument(String name, TrustPolicySpec spec, String source) {
    this(name, spec, source, Optional.empty());
  }

  public PolicyCompilation compile() {
    return PolicyCompiler.compile(name, spec);
  }
}
