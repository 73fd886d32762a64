package io.trustgate.webhook.policy;

import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.policy.PolicyDocument;
import java.util.List;

/** A policy source the test drives by hand: each {@link #deliver} is one full set. */
final class TestingPolicySource implements PolicySource {
  private Listener listener;
  private boolean synced;
  boolean closed;

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  void deliver(PolicyDocument... policies) {
    listener.onPolicies(List.of(policies));
    synced = true;
  }

  static PolicyDocument policy(String name, TrustPolicySpec spec) {
    return new PolicyDocument(name, spec, "test policy " + name);
  }

  @Override
  public boolean synced() {
    return synced;
  }

  @Override
  public String describe() {
    return "test source";
  }

  @Override
  public void close() {
    closed = true;
  }

}
