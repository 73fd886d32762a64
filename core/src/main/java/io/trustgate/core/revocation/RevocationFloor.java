package io.trustgate.core.revocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The newest revocation list accepted for one list URL, kept outside the process (the
 * TrustPolicy status, or the CLI's state file) so that a restart or a new replica cannot go back
 * from it. It is not signed: whoever can write it may only make decisions stricter, so it is
 * used only to refuse lists and to add recalls, never to stand in for a fresh verified list.
 *
 * @param url the list URL the floor belongs to; a policy with another URL ignores it
 * @param sequence the accepted list's sequence, when it had one
 * @param issuedAt the accepted list's issued_at, when it had one
 * @param sha256 hex SHA-256 of the accepted list's bytes (informational)
 * @param acceptedAt when the list was first accepted
 * @param recalls the recalls it held: enforced even when a later served list drops them
 */
public final class RevocationFloor {
  /** At most this many recalls are persisted (the TrustPolicy object must stay far below 1.5 MB). */
  public static final int MAX_RECALLS = 1000;
  /** Longer recall reasons are cut when persisted; the served list still has them whole. */
  public static final int MAX_REASON_CHARS = 512;

  private final String url;
  private final Long sequence;
  private final Instant issuedAt;
  private final String sha256;
  private final Instant acceptedAt;
  /** The floor as a list: indexed for the admission path, and checked like an accepted list. */
  private final RevocationList asList;

  public RevocationFloor(
      String url, Long sequence, Instant issuedAt, String sha256, Instant acceptedAt, List<Revocation> recalls) {
    this.url = Objects.requireNonNull(url, "url");
    this.sequence = sequence;
    this.issuedAt = issuedAt;
    this.sha256 = sha256;
    this.acceptedAt = acceptedAt;
    this.asList = new RevocationList(1, issuedAt, sequence, recalls);
  }

  /** The floor a verified, accepted list sets. */
  public static RevocationFloor of(String url, AcceptedList accepted) {
    RevocationList list = accepted.list();
    Map<Revocation.Key, Revocation> distinct = new LinkedHashMap<>();
    for (Revocation r : list.revocations()) {
      if (distinct.size() == MAX_RECALLS) {
        break;
      }
      distinct.putIfAbsent(r.key(), shortened(r));
    }
    return new RevocationFloor(url, list.sequence().orElse(null), list.issuedAt().orElse(null),
        accepted.sha256(), accepted.fetchedAt(), new ArrayList<>(distinct.values()));
  }

  private static Revocation shortened(Revocation r) {
    if (r.reason().length() <= MAX_REASON_CHARS) {
      return r;
    }
    String cut = r.reason().substring(0, MAX_REASON_CHARS) + "… (cut)";
    return new Revocation(r.version(), r.variant(), r.arch(), cut, r.revokedAt());
  }

  public String url() {
    return url;
  }

  public Long sequence() {
    return sequence;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public String sha256() {
    return sha256;
  }

  public Instant acceptedAt() {
    return acceptedAt;
  }

  public List<Revocation> recalls() {
    return asList.revocations();
  }

  /** The persisted recall of exactly this version, variant and architecture, if any. */
  public Optional<Revocation> entryFor(String version, String variant, String arch) {
    return asList.entryFor(version, variant, arch);
  }

  public RevocationList asList() {
    return asList;
  }

  /** Why {@code next} goes back from this floor, if it does. */
  public Optional<String> refuses(RevocationList next) {
    return RollbackGuard.check(asList, next);
  }

  /** Whether {@code next} is at least as new as this floor. */
  public boolean coveredBy(RevocationList next) {
    return refuses(next).isEmpty();
  }

  /** {@code sequence 7 (issued 2026-05-15T00:00:00Z) with 2 recall(s)}. */
  public String describe() {
    return "sequence " + (sequence == null ? "(none)" : sequence)
        + (issuedAt == null ? "" : " (issued " + issuedAt + ")") + " with " + recalls().size() + " recall(s)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RevocationFloor f && url.equals(f.url) && Objects.equals(sequence, f.sequence)
        && Objects.equals(issuedAt, f.issuedAt) && Objects.equals(sha256, f.sha256)
        && Objects.equals(acceptedAt, f.acceptedAt) && recalls().equals(f.recalls());
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, sequence, issuedAt, sha256);
  }

  @Override
  public String toString() {
    return "floor of " + url + ": " + describe();
  }
}
