/**
 * Sigstore bundle verification for trustgate: a wrapper over sigstore-java 2.0.0 that verifies
 * keyless (Fulcio certificate) bundles offline against a {@link
 * io.trustgate.core.sigstore.TrustRoot}, matches signers with RE2 patterns, adds the checks
 * sigstore-java lacks, and turns every failure into a {@link
 * io.trustgate.core.sigstore.Verification} value instead of an exception.
 *
 * <p>Entry point: {@link io.trustgate.core.sigstore.BundleVerifier}.
 */
package io.trustgate.core.sigstore;
