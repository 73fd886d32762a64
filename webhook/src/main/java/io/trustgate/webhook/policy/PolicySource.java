package io.trustgate.webhook.policy;

import io.trustgate.core.policy.PolicyDocument;
import java.util.List;

/**
 * Where the webhook's TrustPolicies come from: the cluster, or a directory in local mode. A
 * source always hands over the full current set, never a diff, so a missed event cannot leave
 * a stale policy behind.
 */
public interface PolicySource extends AutoCloseable {

  /** Receives the full set of policies; calls are never concurrent. */
  @FunctionalInterface
  interface Listener {
    void onPolicies(List<PolicyDocument> policies);
  }

  /**
   * Starts delivering to {@code listener}: the full set once it is first read, and again after
   * every change. Call once.
   */
  void start(Listener listener);

  /** Whether the first full set has been read and handed to the listener. */
  boolean synced();

  /** Human text naming the source, for readiness reasons and logs. */
  String describe();

  @Override
  void close();
}
