package io.trustgate.core.revocation;

import java.time.Instant;

/** One recall: a (version, variant, arch) and the publisher's reason, kept verbatim. */
public record Revocation(
    String version, String variant, String arch, String reason, Instant revokedAt) {

  /** The key a recall is matched on: exact, case-sensitive equality of all three. */
  public record Key(String version, String variant, String arch) {
    @Override
    public String toString() {
      return version + " " + variant + "/" + arch;
    }
  }

  public Key key() {
    return new Key(version, variant, arch);
  }
}
