package io.trustgate.core.policy;

/** Which Sigstore trust root a policy verifies against. */
public sealed interface TrustRootRef {
  /** The Sigstore public-good instance. */
  record PublicGood() implements TrustRootRef {
    @Override
    public String toString() {
      return "public-good";
    }
  }

  /** A trusted_root.json held in a ConfigMap key. */
  record ConfigMap(String namespace, String name, String key) implements TrustRootRef {
    @Override
    public String toString() {
      return "configmap " + namespace + "/" + name + "[" + key + "]";
    }
  }
}
