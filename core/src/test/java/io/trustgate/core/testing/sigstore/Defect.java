package io.trustgate.core.testing.sigstore;

/**
 * One deliberate flaw in an otherwise well-formed bundle, so that each check of a verifier can be
 * exercised on its own. Wrong identity, wrong issuer and tampered artifacts need no defect: they
 * are different {@link SignRequest} values or different artifact bytes at verification time.
 */
public enum Defect {
  /** A bundle that sigstore-java accepts. */
  NONE,
  /** The leaf is issued by a CA that has the trusted CA's names but not its keys. */
  WRONG_CA,
  /** The leaf carries no embedded SCT extension. */
  NO_SCT,
  /** The inclusion promise (SET) is a valid Rekor signature, but over a different entry. */
  BAD_SET,
  /** One hash of the Merkle audit path is altered, so the proof no longer reaches the root. */
  BAD_INCLUSION_PROOF,
  /** The checkpoint is signed by a key other than the log's, under the log's name and key hint. */
  BAD_CHECKPOINT,
  /** The bundle has no transparency log entry at all. */
  NO_TLOG_ENTRY,
  /** The log entry has no inclusion promise and the bundle has no RFC 3161 timestamp. */
  NO_SET_NO_TIMESTAMP,
  /**
   * The signature covers other bytes, while the message digest and the Rekor entry still name the
   * requested artifact: only the signature check itself can catch it. (A bundle that is
   * consistently made for other bytes is simply {@code sign(otherBytes, ...)}.)
   */
  SIGNATURE_OVER_OTHER_BYTES,
  /**
   * Rekor integrated the entry after the leaf's notAfter. sigstore-java 2.0.0 does not compare the
   * integrated time with the certificate validity and ACCEPTS this bundle; trustgate must reject it
   * on its own.
   */
  CERT_EXPIRED_BEFORE_INTEGRATION
}
