package io.trustgate.core.testing.sigstore;

import java.time.Instant;
import java.util.Objects;

/**
 * Who signs, when, and with which flaw.
 *
 * @param identity the certificate's SAN: a URI (workflow identity) when it contains {@code ://},
 *     otherwise an email address (rfc822Name)
 * @param issuer the OIDC issuer written into the Fulcio issuer extensions
 * @param signedAt the leaf's notBefore and the Rekor integrated time (truncated to seconds)
 * @param defect the flaw to build in, {@link Defect#NONE} for a good bundle
 * @param version the bundle format: a Sigstore bundle media type, or the legacy cosign format
 */
public record SignRequest(
    String identity, String issuer, Instant signedAt, Defect defect, BundleVersion version) {

  public static final String GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

  public SignRequest {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(signedAt, "signedAt");
    Objects.requireNonNull(defect, "defect");
    Objects.requireNonNull(version, "version");
    if (identity.isBlank() || issuer.isBlank()) {
      throw new IllegalArgumentException("identity and issuer must not be blank");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  boolean uriIdentity() {
    return identity.contains("://");
  }

  public static final class Builder {
    private String identity;
    private String issuer = GITHUB_ACTIONS_ISSUER;
    private Instant signedAt;
    private Defect defect = Defect.NONE;
    private BundleVersion version = BundleVersion.V0_3;

    private Builder() {}

    public Builder identity(String identity) {
      this.identity = identity;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder signedAt(Instant signedAt) {
      this.signedAt = signedAt;
      return this;
    }

    public Builder defect(Defect defect) {
      this.defect = defect;
      return this;
    }

    public Builder version(BundleVersion version) {
      this.version = version;
      return this;
    }

    public SignRequest build() {
      return new SignRequest(
          identity, issuer, signedAt == null ? Instant.now() : signedAt, defect, version);
    }
  }
}
