package io.trustgate.core.sigstore;

import dev.sigstore.VerificationOptions.CertificateMatcher;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;

/**
 * Applies a {@link SignerIdentity} (RE2 matchers) inside sigstore-java's verification, in place of
 * sigstore-java's own java.util.regex based matcher.
 *
 * <p>One instance serves one verification: it remembers the identity it read, or why the
 * certificate did not match, so the caller can report it precisely. Not thread-safe.
 */
final class SignerCertificateMatcher implements CertificateMatcher {
  private final SignerIdentity signer;
  private FulcioIdentity matched;
  private String mismatch;

  SignerCertificateMatcher(SignerIdentity signer) {
    this.signer = signer;
  }

  @Override
  public boolean test(X509Certificate certificate) {
    FulcioIdentity found;
    try {
      found = FulcioIdentity.of(certificate);
    } catch (CertificateParsingException e) {
      mismatch = "The signing certificate does not name a usable signer: " + e.getMessage() + ".";
      return false;
    }
    if (!signer.issuer().matches(found.issuer())) {
      mismatch =
          "The certificate's issuer "
              + found.issuer()
              + " does not match the expected issuer "
              + signer.issuer().describe()
              + ".";
      return false;
    }
    if (!signer.identity().matches(found.identity())) {
      mismatch =
          "The certificate's identity "
              + found.identity()
              + " does not match the expected identity "
              + signer.identity().describe()
              + ".";
      return false;
    }
    matched = found;
    mismatch = null;
    return true;
  }

  /** The identity read from the last certificate that matched, or null. */
  FulcioIdentity matched() {
    return matched;
  }

  /** Why the last certificate tested did not match, or null if it matched or none was tested. */
  String mismatch() {
    return mismatch;
  }

  @Override
  public String toString() {
    return signer.describe();
  }
}
