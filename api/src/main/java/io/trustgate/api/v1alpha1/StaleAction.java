package io.trustgate.api.v1alpha1;

/** What to do with governed images once the revocation list is older than maxStaleness. */
public enum StaleAction {
  Deny,
  Warn
}
