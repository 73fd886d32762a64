package io.trustgate.operator;

import java.time.Duration;

/** Periodic work only the leader does (e.g. the webhook's certificate and caBundle). */
public interface LeaderTask {
  /** A short name for logs. */
  String name();

  /** Brings the cluster in line; idempotent. */
  void reconcile();

  /** How long until {@link #reconcile()} should run again. */
  Duration nextCheck();
}
