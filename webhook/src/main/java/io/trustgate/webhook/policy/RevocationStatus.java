package io.trustgate.webhook.policy;

import io.trustgate.core.revocation.AcceptedList;
import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.revocation.RevocationState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One policy's revocation list as metrics and logs see it.
 *
 * @param refreshing whether the list is being refreshed; false while its trust root is missing
 * @param sequence the accepted list's sequence, when it has one
 * @param entries recalls in the accepted list (0 when none is accepted)
 * @param age time since the list was last verified (or its absence confirmed); empty before
 * @param lastError why the last refresh failed; null when it succeeded
 */
public record RevocationStatus(
    String policy,
    String url,
    boolean refreshing,
    boolean loaded,
    boolean nonePublished,
    OptionalLong sequence,
    int entries,
    Optional<Duration> age,
    String lastError,
    int consecutiveFailures) {

  static RevocationStatus of(RevocationListHolder holder, boolean refreshing, Instant now) {
    RevocationState s = holder.state();
    OptionalLong sequence = s.accepted().map(AcceptedList::list)
        .flatMap(l -> l.sequence().map(OptionalLong::of)).orElse(OptionalLong.empty());
    Optional<Duration> age = Optional.ofNullable(s.lastSuccessAt()).map(t -> Duration.between(t, now));
    return new RevocationStatus(holder.policy(), holder.rule().url(), refreshing, s.loaded(), s.nonePublished(),
        sequence, s.listOrEmpty().revocations().size(), age, s.lastError(), s.consecutiveFailures());
  }
}
