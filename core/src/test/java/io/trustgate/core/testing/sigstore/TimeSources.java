package io.trustgate.core.testing.sigstore;

import java.time.Duration;
import java.util.Objects;

/**
 * Which verified signing times a bundle carries, and from where. Real signers differ here: cosign
 * v3 writes a Rekor v1 entry with its signed entry timestamp (the integrated time) and an RFC 3161
 * timestamp; cosign v2 with {@code --new-bundle-format} writes the signed entry timestamp only;
 * Rekor v2 gives no integrated time, so its bundles carry an RFC 3161 timestamp only.
 *
 * @param signedEntryTimestamp whether the log entry carries its inclusion promise (SET), which
 *     makes its integrated time a verified signing time
 * @param rfc3161 whether the bundle carries an RFC 3161 timestamp from the TSA
 * @param rfc3161Offset the timestamp's generation time relative to the requested signing time
 *     (the leaf's notBefore); beyond the leaf's ten minutes it lies outside the certificate
 * @param timestampDefect the flaw to build into the timestamp
 * @param rekorShard index of the Rekor shard that logs the entry, or {@link #SHARD_IN_FORCE} for
 *     the one whose trusted-root validity covers the integrated time
 */
public record TimeSources(
    boolean signedEntryTimestamp,
    boolean rfc3161,
    Duration rfc3161Offset,
    TimestampDefect timestampDefect,
    int rekorShard) {

  public static final int SHARD_IN_FORCE = -1;

  /** A TSA stamps right after signing; two seconds is what a round trip to one takes. */
  public static final Duration DEFAULT_RFC3161_OFFSET = Duration.ofSeconds(2);

  public TimeSources {
    Objects.requireNonNull(rfc3161Offset, "rfc3161Offset");
    Objects.requireNonNull(timestampDefect, "timestampDefect");
    if (!signedEntryTimestamp && !rfc3161) {
      throw new IllegalArgumentException(
          "no time source: use Defect.NO_SET_NO_TIMESTAMP for a bundle without any");
    }
  }

  /** cosign v3's default: signed entry timestamp and RFC 3161 timestamp. */
  public static TimeSources cosignV3() {
    return new TimeSources(true, true, DEFAULT_RFC3161_OFFSET, TimestampDefect.NONE, SHARD_IN_FORCE);
  }

  /** The signed entry timestamp only (cosign v2 with {@code --new-bundle-format}). */
  public static TimeSources integratedTimeOnly() {
    return new TimeSources(true, false, DEFAULT_RFC3161_OFFSET, TimestampDefect.NONE, SHARD_IN_FORCE);
  }

  /** The RFC 3161 timestamp only, as with Rekor v2 (the entry still has its inclusion proof). */
  public static TimeSources rfc3161Only() {
    return new TimeSources(false, true, DEFAULT_RFC3161_OFFSET, TimestampDefect.NONE, SHARD_IN_FORCE);
  }

  /** The same, with the timestamp generated {@code offset} after the requested signing time. */
  public TimeSources rfc3161At(Duration offset) {
    return new TimeSources(signedEntryTimestamp, rfc3161, offset, timestampDefect, rekorShard);
  }

  public TimeSources withTimestampDefect(TimestampDefect defect) {
    return new TimeSources(signedEntryTimestamp, rfc3161, rfc3161Offset, defect, rekorShard);
  }

  /** The same, logged by shard {@code index} of {@link FakeSigstore#withRekorShards}. */
  public TimeSources loggedByShard(int index) {
    return new TimeSources(signedEntryTimestamp, rfc3161, rfc3161Offset, timestampDefect, index);
  }
}
