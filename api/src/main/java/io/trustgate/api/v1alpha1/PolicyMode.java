package io.trustgate.api.v1alpha1;

/** Enforce denies on a failed check; Warn admits with a warning. */
public enum PolicyMode {
  Enforce,
  Warn
}
