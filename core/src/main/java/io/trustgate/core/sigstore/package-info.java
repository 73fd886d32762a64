/**
 * Sigstore bundle verification for trustgate: a wrapper over sigstore-java 2.0.0 that verifies
 * keyless (Fulcio certificate) bundles offline against a {@link
 * io.trustgate.core.sigstore.TrustRoot}, matches signers with RE2 patterns, adds the checks
 * sigstore-java lacks, and turns every failure into a {@link
 * io.trustgate.core.sigstore.Verification} value instead of an exception.
 *
 * <p>Transparency log checkpoints are verified under the log's origin, its base URL without scheme
 * ({@code localhost:8000} for {@code http://localhost:8000}), so bundles from private instances
 * whose Rekor URL has a port or path verify too, on every bundle path; see {@link
 * io.trustgate.core.sigstore.LogEntryVerifier}.
 *
 * <p>Legacy cosign bundles ({@code base64Signature}, {@code cert}, {@code rekorBundle}) are read
 * by {@link io.trustgate.core.sigstore.LegacyCosignBundle} and verified with the same checks, their
 * signed entry timestamp standing for the inclusion proof they do not have.
 *
 * <p>Entry point: {@link io.trustgate.core.sigstore.BundleVerifier}.
 */
package io.trustgate.core.sigstore;
