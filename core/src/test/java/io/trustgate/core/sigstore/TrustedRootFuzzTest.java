package io.trustgate.core.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Trusted roots arrive as files and ConfigMaps. Properties: {@link TrustRoot#fromJson} returns a
 * root or throws {@link TrustRootException} with a message naming the source, nothing else; and a
 * root that loads is usable: a {@link BundleVerifier} can be built from it (the parser's promise
 * is to reject unusable key material at load, not at the first verification), and verifying
 * garbage against it fails without throwing.
 */
class TrustedRootFuzzTest {
  private static final SignerIdentity SIGNER =
      new SignerIdentity(IdentityMatcher.exact("https://issuer.example"), IdentityMatcher.exact("someone"));

  @FuzzTest(maxDuration = "10s")
  void trustedRootsLoadIntoUsableRootsOrFailWithTrustRootException(byte[] input) {
    TrustRoot root;
    try {
      root = TrustRoot.fromJson(input, "fuzz input");
    } catch (TrustRootException e) {
      assertThat(e.getMessage()).contains("fuzz input");
      return;
    }
    assertThat(root.id()).startsWith("sha256:");
    BundleVerifier verifier = new BundleVerifier(root);
    Verification v = verifier.verify(new byte[] {1}, "{}".getBytes(), SIGNER);
    assertThat(v.verified()).isFalse();
  }
}
