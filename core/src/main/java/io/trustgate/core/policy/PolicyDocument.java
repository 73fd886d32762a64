package io.trustgate.core.policy;

import io.trustgate.api.v1alpha1.TrustPolicySpec;

/** A TrustPolicy read from a file: its name, its spec, and where it came from. */
public record PolicyDocument(String name, TrustPolicySpec spec, String source) {
  public PolicyCompilation compile() {
    return PolicyCompiler.compile(name, spec);
  }
}
