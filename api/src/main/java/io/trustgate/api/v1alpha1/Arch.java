package io.trustgate.api.v1alpha1;

/** CPU architectures, spelled as release manifests spell them. */
public enum Arch {
  x86_64,
  aarch64
}
