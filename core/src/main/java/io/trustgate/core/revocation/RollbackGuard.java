package io.trustgate.core.revocation;

import java.util.Optional;

/**
 * Refuses a new revocation list that would take the cluster back in time: a lower sequence,
 * an older issued_at, dropped freshness fields, or a recall that disappeared. A signed old list
 * replayed by a mirror or an attacker is still a validly signed list; only this stops it.
 */
final class RollbackGuard {
  private RollbackGuard() {}

  /** Why {@code next} may not replace {@code previous}, if it may not. */
  static Optional<String> check(RevocationList previous, RevocationList next) {
    if (previous.sequence().isPresent()) {
      long prev = previous.sequence().get();
      if (next.sequence().isEmpty()) {
        return Optional.of("the new list has no sequence but the accepted one has sequence " + prev);
      }
      if (next.sequence().get() < prev) {
        return Optional.of(
            "sequence went back from " + prev + " to " + next.sequence().get() + " (rollback)");
      }
    }
    if (previous.issuedAt().isPresent()) {
      var prev = previous.issuedAt().get();
      if (next.issuedAt().isEmpty()) {
        return Optional.of("the new list has no issued_at but the accepted one was issued " + prev);
      }
      if (next.issuedAt().get().isBefore(prev)) {
        return Optional.of(
            "issued_at went back from " + prev + " to " + next.issuedAt().get() + " (rollback)");
      }
    }
    for (Revocation.Key key : previous.keys()) {
      if (!next.contains(key)) {
        return Optional.of("the new list drops the accepted recall of " + key);
      }
    }
    return Optional.empty();
  }
}
