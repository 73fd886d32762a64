package io.trustgate.core.sigstore;

/** Why a bundle did not verify. Each constant maps to one family of Sigstore checks. */
public enum VerificationFailure {
  /**
   * The bundle cannot be read: empty, not JSON, not a JSON object, too large, truncated, invalid
   * base64 or certificate encoding, or missing a required part such as the signature.
   */
  BUNDLE_MALFORMED,
  /**
   * The bundle is readable but in a form trustgate does not verify: unknown media types, bundles
   * signed with a plain public key instead of a Fulcio certificate (a legacy cosign bundle without
   * {@code cert} or with a public key in it), certificate chains in a legacy bundle's {@code cert},
   * log entries other than hashedrekord 0.0.1 in a legacy bundle, several log entries.
   */
  UNSUPPORTED_BUNDLE,
  /**
   * The signature does not cover the artifact: bad signature, digest mismatch, artifact not a
   * subject of the in-toto statement, or a timestamp issued over another signature.
   */
  SIGNATURE_INVALID,
  /**
   * The trust chain does not end in the trusted root: certificate not issued by a trusted CA, no
   * SCT from a trusted CT log, unknown transparency log or timestamp authority, or a trusted key
   * used outside its validity window.
   */
  UNTRUSTED_ROOT,
  /**
   * The transparency log evidence is missing or wrong: no entry, no inclusion proof, a bad signed
   * entry timestamp (SET), inclusion proof or checkpoint, an entry that records different material
   * than the bundle, or no verifiable signing time at all.
   */
  TRANSPARENCY_LOG_INVALID,
  /** The certificate's OIDC issuer or subject alternative name does not match the signer. */
  IDENTITY_MISMATCH,
  /**
   * The signing certificate was not valid at the verified signing time (Rekor integrated time or
   * RFC 3161 timestamp): the signature was logged or timestamped after the certificate expired, or
   * before it was issued.
   */
  CERTIFICATE_EXPIRED
}
