package io.trustgate.core.sigstore;

/**
 * Who must have signed: the OIDC issuer and the certificate identity (subject alternative name) of
 * the Fulcio signing certificate. Both are required, so no signer accepts "anyone".
 */
public record SignerIdentity(IdentityMatcher issuer, IdentityMatcher identity) {

  public SignerIdentity {
    if (issuer == null || identity == null) {
      throw new IllegalArgumentException(
          "a signer needs both an issuer and an identity matcher; without one, any signer would"
              + " be accepted");
    }
  }

  /** Human text such as {@code "https://x" issued by "https://token.actions..."}. */
  public String describe() {
    return identity.describe() + " issued by " + issuer.describe();
  }
}
