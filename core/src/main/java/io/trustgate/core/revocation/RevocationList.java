package io.trustgate.core.revocation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed revocation list ({@code revoked-versions.json}). */
public final class RevocationList {
  private final int schemaVersion;
  private final Instant issuedAt;
  private final Long sequence;
  private final List<Revocation> revocations;
  private final Map<Revocation.Key, Revocation> byKey;

  public RevocationList(
      int schemaVersion, Instant issuedAt, Long sequence, List<Revocation> revocations) {
    this.schemaVersion = schemaVersion;
    this.issuedAt = issuedAt;
    this.sequence = sequence;
    this.revocations = List.copyOf(revocations);
    Map<Revocation.Key, Revocation> index = new LinkedHashMap<>();
    for (Revocation r : this.revocations) {
      index.putIfAbsent(r.key(), r); // the first entry for a key is the one quoted
    }
    this.byKey = Map.copyOf(index);
  }

  /** An empty list: nothing is recalled (used when none has been published yet). */
  public static RevocationList empty() {
    return new RevocationList(1, null, null, List.of());
  }

  /** The recall for exactly this version, variant and architecture, if any. */
  public Optional<Revocation> entryFor(String version, String variant, String arch) {
    return Optional.ofNullable(byKey.get(new Revocation.Key(version, variant, arch)));
  }

  public boolean contains(Revocation.Key key) {
    return byKey.containsKey(key);
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  public Optional<Long> sequence() {
    return Optional.ofNullable(sequence);
  }

  public List<Revocation> revocations() {
    return revocations;
  }

  /** Distinct recalled keys. */
  public java.util.Set<Revocation.Key> keys() {
    return byKey.keySet();
  }
}
