package io.trustgate.core.revocation;

import java.time.Instant;

/** A revocation list that passed verification and rollback checks, with where it came from. */
public record AcceptedList(
    RevocationList list, String sha256, Instant fetchedAt, boolean signatureSkipped) {}
