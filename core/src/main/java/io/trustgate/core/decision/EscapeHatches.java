package io.trustgate.core.decision;

import java.util.Map;

/**
 * Cluster-wide emergency switches, read from the environment of the webhook or CLI process.
 * Independent of each other and of the policies' own {@code spec.skip}.
 */
public record EscapeHatches(boolean skipCosignVerify, boolean skipHashVerify) {
  public static final String SKIP_COSIGN_ENV = "TRUSTGATE_SKIP_COSIGN_VERIFY";
  public static final String SKIP_HASH_ENV = "TRUSTGATE_SKIP_HASH_VERIFY";

  public static EscapeHatches none() {
    return new EscapeHatches(false, false);
  }

  public static EscapeHatches fromEnvironment(Map<String, String> env) {
    return new EscapeHatches(on(env.get(SKIP_COSIGN_ENV)), on(env.get(SKIP_HASH_ENV)));
  }

  public boolean any() {
    return skipCosignVerify || skipHashVerify;
  }

  private static boolean on(String value) {
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }
}
