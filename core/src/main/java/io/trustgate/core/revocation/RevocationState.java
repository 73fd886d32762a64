package io.trustgate.core.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a policy knows about its revocation list at one moment: the last accepted list (if
 * any), whether the publisher has none yet, and the last failure. Immutable snapshot, read on
 * the admission hot path.
 *
 * @param accepted the list in use
 * @param nonePublished the URL answered 404 and no list was ever seen: no recalls yet
 * @param lastSuccessAt when a list was last verified (or the 404 confirmed); null before any
 * @param lastAttemptAt when a refresh was last tried; null before any
 * @param lastFailure why the last refresh was not accepted; null when it was
 * @param lastError human text for lastFailure
 * @param consecutiveFailures failed refreshes since the last success
 * @param floor the persisted floor: lists older than it are refused and its recalls still deny;
 *     it never makes the state loaded or fresh
 */
public record RevocationState(
    Optional<AcceptedList> accepted,
    boolean nonePublished,
    Instant lastSuccessAt,
    Instant lastAttemptAt,
    RefreshFailure lastFailure,
    String lastError,
    int consecutiveFailures,
    Optional<RevocationFloor> floor) {

  /** Why a refresh did not replace the list in use. */
  public enum RefreshFailure {
    /** The list or its bundle could not be fetched (network, HTTP error, 404 after a list). */
    UNAVAILABLE,
    /** The bundle did not verify, or the list is malformed or of an unsupported schema. */
    INVALID,
    /** The list is older than the accepted one or the persisted floor, or drops a recall of either. */
    ROLLBACK
  }

  public static RevocationState initial() {
    return new RevocationState(Optional.empty(), false, null, null, null, null, 0, Optional.empty());
  }

  /**
   * The same state with another floor. A 404 taken for "none published yet" is void once a
   * floor says a list was accepted: the state is no longer loaded until a list verifies.
   */
  public RevocationState withFloor(RevocationFloor f) {
    boolean absenceVoid = f != null && nonePublished;
    return new RevocationState(accepted, nonePublished && f == null, absenceVoid ? null : lastSuccessAt,
        lastAttemptAt, lastFailure, lastError, consecutiveFailures, Optional.ofNullable(f));
  }

  /**
   * The recall for these coordinates: the accepted list's entry (quoted as published), else the
   * persisted floor's, so a recall a newer served list dropped keeps denying.
   */
  public Optional<Revocation> recallFor(String version, String variant, String arch) {
    if (accepted.isPresent()) {
      Optional<Revocation> r = accepted.get().list().entryFor(version, variant, arch);
      if (r.isPresent()) {
        return r;
      }
    }
    return floor.isPresent() ? floor.get().entryFor(version, variant, arch) : Optional.empty();
  }

  /** Whether a list (or the confirmed absence of one) was ever loaded. */
  public boolean loaded() {
    return lastSuccessAt != null;
  }

  /** Loaded, and the last success is no older than maxStaleness. */
  public boolean fresh(Instant now, Duration maxStaleness) {
    return loaded() && !now.isAfter(lastSuccessAt.plus(maxStaleness));
  }

  /** The list to match recalls against: the accepted one, or empty. */
  public RevocationList listOrEmpty() {
    return accepted.map(AcceptedList::list).orElseGet(RevocationList::empty);
  }

  /** A list was accepted here, or one is known to have been accepted before (the floor). */
  public boolean everSawList() {
    return accepted.isPresent() || floor.isPresent();
  }

  /** The last refresh was refused because the served list goes back from an accepted one. */
  public boolean rolledBack() {
    return lastFailure == RefreshFailure.ROLLBACK;
  }
}
