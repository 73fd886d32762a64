package io.trustgate.core.revocation;

import io.trustgate.api.v1alpha1.RecallStatus;
import io.trustgate.api.v1alpha1.RevocationFloorStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RevocationFloor} as it is persisted ({@code status.revocationFloor}, and the entries
 * of the CLI's state file). Reading is lenient in one direction only: a field that cannot be read
 * bounds nothing, while every readable recall is kept, because a floor may only make decisions
 * stricter.
 */
public final class FloorStatus {
  private FloorStatus() {}

  public static RevocationFloorStatus toStatus(RevocationFloor floor) {
    RevocationFloorStatus s = new RevocationFloorStatus();
    s.url = floor.url();
    s.sequence = floor.sequence();
    s.issuedAt = floor.issuedAt() == null ? null : floor.issuedAt().toString();
    s.sha256 = floor.sha256();
    s.acceptedAt = floor.acceptedAt() == null ? null : floor.acceptedAt().toString();
    s.recalls = new ArrayList<>();
    for (Revocation r : floor.recalls()) {
      RecallStatus rs = new RecallStatus();
      rs.version = r.version();
      rs.variant = r.variant();
      rs.arch = r.arch();
      rs.reason = r.reason();
      rs.revokedAt = r.revokedAt() == null ? null : r.revokedAt().toString();
      s.recalls.add(rs);
    }
    return s;
  }

  /** The floor a status block describes; empty when it names no URL. */
  public static Optional<RevocationFloor> fromStatus(RevocationFloorStatus s) {
    if (s == null || s.url == null || s.url.isBlank()) {
      return Optional.empty();
    }
    List<Revocation> recalls = new ArrayList<>();
    if (s.recalls != null) {
      for (RecallStatus r : s.recalls) {
        if (r == null || r.version == null || r.variant == null || r.arch == null) {
          continue;
        }
        recalls.add(new Revocation(r.version, r.variant, r.arch,
            r.reason == null ? "(no reason recorded)" : r.reason, time(r.revokedAt)));
      }
    }
    Long sequence = s.sequence != null && s.sequence >= 0 ? s.sequence : null;
    return Optional.of(new RevocationFloor(s.url, sequence, time(s.issuedAt), s.sha256, time(s.acceptedAt), recalls));
  }

  private static Instant time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
