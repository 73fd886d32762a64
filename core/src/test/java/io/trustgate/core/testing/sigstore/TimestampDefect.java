package io.trustgate.core.testing.sigstore;

/**
 * One deliberate flaw in the bundle's RFC 3161 timestamp. A timestamp at the wrong time needs no
 * defect: it is {@link TimeSources#rfc3161At(java.time.Duration)}; a timestamp outside the TSA's
 * trusted-root validity is a trusted root edited by the test.
 */
public enum TimestampDefect {
  /** A timestamp that verifiers accept. */
  NONE,
  /** Signed by a TSA with the trusted TSA's names but other keys, and carrying its certificate. */
  UNTRUSTED_TSA,
  /** Signed by the trusted TSA over other bytes than the bundle's signature (wrong imprint). */
  OTHER_IMPRINT
}
