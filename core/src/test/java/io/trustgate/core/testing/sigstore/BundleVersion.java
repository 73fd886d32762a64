package io.trustgate.core.testing.sigstore;

/** The bundle formats the fake can emit: the Sigstore bundle media types, and cosign's legacy one. */
public enum BundleVersion {
  V0_1("application/vnd.dev.sigstore.bundle+json;version=0.1"),
  V0_2("application/vnd.dev.sigstore.bundle+json;version=0.2"),
  /** The older spelling of the v0.3 media type, still accepted by verifiers. */
  V0_3_PARAMETER("application/vnd.dev.sigstore.bundle+json;version=0.3"),
  V0_3("application/vnd.dev.sigstore.bundle.v0.3+json"),
  /**
   * cosign v2.x's legacy {@code {"base64Signature","cert","rekorBundle"}} bundle, which has no media
   * type; see {@link LegacyBundleWriter}.
   */
  LEGACY_COSIGN(null);

  private final String mediaType;

  BundleVersion(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The Sigstore bundle media type; null for {@link #LEGACY_COSIGN}. */
  public String mediaType() {
    return mediaType;
  }

  /** From v0.3 on, the bundle carries the single leaf certificate instead of a chain. */
  boolean singleCertificate() {
    return this == V0_3 || this == V0_3_PARAMETER;
  }
}
