package io.trustgate.core.decision;

/** Why a finding was raised. Stable codes: they appear in metrics, logs and denials. */
public enum Reason {
  /** The release is on the verified revocation list; the message quotes the recall verbatim. */
  RECALLED,
  /** The manifest's not_after has passed. */
  EXPIRED,
  /** A bundle's signature does not cover the document, or the bundle has no signature. */
  SIGNATURE_INVALID,
  /** The certificate's OIDC issuer or identity is not the policy's signer. */
  IDENTITY_MISMATCH,
  /** The certificate, log or timestamp does not chain to the policy's trust root. */
  UNTRUSTED_ROOT,
  /** The transparency log entry, inclusion proof or checkpoint does not check out. */
  TRANSPARENCY_LOG_INVALID,
  /** The signing certificate was not valid at the time the signature was logged. */
  CERTIFICATE_EXPIRED,
  /** The Sigstore bundle cannot be parsed. */
  BUNDLE_MALFORMED,
  /** The bundle is of a form trustgate does not verify (e.g. signed with a plain public key). */
  UNSUPPORTED_BUNDLE,
  /** The manifest's version differs from the version in the image tag. */
  VERSION_SKEW,
  /** The manifest describes another variant or architecture than the URL it came from. */
  MANIFEST_MISMATCH,
  /** The manifest has a schema_version this trustgate cannot read. */
  UNSUPPORTED_SCHEMA,
  /** The manifest is not a valid release manifest. */
  MANIFEST_INVALID,
  /** The image digest is in no verified release manifest of its version. */
  DIGEST_NOT_IN_MANIFEST,
  /** The image is not pinned by digest. */
  NO_DIGEST,
  /** The image tag names no release version. */
  NO_VERSION,
  /** The image reference is not a valid reference. */
  INVALID_IMAGE_REF,
  /** The release manifest or its bundle could not be fetched. */
  MANIFEST_UNAVAILABLE,
  /** No verified revocation list is available: the list failed verification or parsing. */
  REVOCATION_LIST_INVALID,
  /** The verified revocation list is older than maxStaleness, or was never loaded. */
  REVOCATION_LIST_STALE,
  /**
   * No list at least as new as the accepted one (the persisted floor) is verified: the served
   * list goes back (lower sequence, older issued_at, or a dropped recall).
   */
  REVOCATION_LIST_ROLLBACK,
  /** Evidence was not available within the admission deadline. */
  TIMEOUT,
  /** The object has more containers than trustgate judges in one request. */
  TOO_MANY_IMAGES,
  /** The image is governed by a TrustPolicy that does not compile; fix or delete the policy. */
  POLICY_INVALID,
  /** An emergency escape hatch skipped a check. Always a warning. */
  ESCAPE_HATCH
}
