package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.CERTIFICATE_EXPIRED;
import static io.trustgate.core.sigstore.VerificationFailure.IDENTITY_MISMATCH;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.VerificationOptions.CertificateMatcher;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import io.trustgate.core.testing.sigstore.Defect;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * hashedrekord bundles from a private Sigstore whose Rekor URL has a port or a path, so that its
 * checkpoints are signed under {@code host:port} or {@code host/path}. sigstore-java 2.0.0 alone
 * rejects them all; BundleVerifier verifies them, and just as strictly as any other.
 */
class PrivateRekorUrlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IDENTITY =
      "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0";
  private static final byte[] ARTIFACT = "release manifest\n".getBytes(StandardCharsets.UTF_8);
  private static final SignerIdentity SIGNER =
      new SignerIdentity(
          IdentityMatcher.exact(SignRequest.GITHUB_ACTIONS_ISSUER),
          IdentityMatcher.exact(IDENTITY));

  private static final FakeSigstore WITH_PORT = FakeSigstore.withRekorAt("http://localhost:3000");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:3000",
        "https://rekor.trustgate.test:8443/",
        "https://sigstore.trustgate.test/rekor"
      })
  void verifiesBundlesThatSigstoreJavaAloneRejects(String rekorUrl) throws Exception {
    FakeSigstore sigstore = FakeSigstore.withRekorAt(rekorUrl);
    byte[] bundle = sign(sigstore, Defect.NONE);
    assertThat(sigstore.rekorOrigin()).isNotEqualTo(URI.create(rekorUrl).getHost());

    KeylessVerifier alone =
        KeylessVerifier.builder()
            .trustedRootProvider(
                () ->
                    SigstoreTrustedRoot.from(new ByteArrayInputStream(sigstore.trustedRootJson())))
            .build();
    assertThatThrownBy(
            () ->
                alone.verify(
                    Hashing.sha256().hashBytes(ARTIFACT).asBytes(),
                    BundleIntake.read(bundle),
                    expecting()))
        .isInstanceOf(KeylessVerificationException.class)
        .cause()
        .isInstanceOf(RekorVerificationException.class)
        .hasMessageContaining("No matching checkpoint signature");

    Verification v = verifier(sigstore.trustedRootJson()).verify(ARTIFACT, bundle, SIGNER);
    assertThat(v.verified()).as(v.message()).isTrue();
    assertThat(v.signerIdentity()).isEqualTo(IDENTITY);
  }

  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of(Defect.BAD_CHECKPOINT, TRANSPARENCY_LOG_INVALID),
        Arguments.of(Defect.BAD_INCLUSION_PROOF, TRANSPARENCY_LOG_INVALID),
        Arguments.of(Defect.BAD_SET, TRANSPARENCY_LOG_INVALID),
        Arguments.of(Defect.CERT_EXPIRED_BEFORE_INTEGRATION, CERTIFICATE_EXPIRED),
        Arguments.of(Defect.WRONG_CA, UNTRUSTED_ROOT),
        Arguments.of(Defect.SIGNATURE_OVER_OTHER_BYTES, SIGNATURE_INVALID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void rejectsDefectsForTheirOwnReason(Defect defect, VerificationFailure expected) {
    Verification v =
        verifier(WITH_PORT.trustedRootJson()).verify(ARTIFACT, sign(WITH_PORT, defect), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(expected);
  }

  @Test
  void rejectsAnotherSigner() {
    var other =
        new SignerIdentity(
            IdentityMatcher.exact(SignRequest.GITHUB_ACTIONS_ISSUER),
            IdentityMatcher.exact(IDENTITY.replace("v0.14.0", "v0.15.0")));
    Verification v =
        verifier(WITH_PORT.trustedRootJson()).verify(ARTIFACT, sign(WITH_PORT, Defect.NONE), other);
    assertThat(v.failure()).as(v.message()).isEqualTo(IDENTITY_MISMATCH);
  }

  @Test
  void rejectsACheckpointSignedUnderTheBareHostOfALogWithAPort() throws IOException {
    // The default fake signs as rekor.trustgate.test, which sigstore-java accepts for a root that
    // puts the log at rekor.trustgate.test:8443; the log's origin says otherwise.
    FakeSigstore hostOnly = FakeSigstore.create();
    ObjectNode root = (ObjectNode) JSON.readTree(hostOnly.trustedRootJson());
    ((ObjectNode) root.withArray("tlogs").get(0))
        .put("baseUrl", "https://rekor.trustgate.test:8443");

    Verification v =
        verifier(JSON.writeValueAsBytes(root))
            .verify(ARTIFACT, sign(hostOnly, Defect.NONE), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
    assertThat(v.message()).contains("not the log's rekor.trustgate.test:8443");
  }

  @Test
  void rejectsACheckpointSignedUnderHostAndPortForALogWithoutPort() throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(WITH_PORT.trustedRootJson());
    ((ObjectNode) root.withArray("tlogs").get(0)).put("baseUrl", "http://localhost");

    Verification v =
        verifier(JSON.writeValueAsBytes(root))
            .verify(ARTIFACT, sign(WITH_PORT, Defect.NONE), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(TRANSPARENCY_LOG_INVALID);
  }

  private static byte[] sign(FakeSigstore sigstore, Defect defect) {
    return sigstore.sign(ARTIFACT, SignRequest.builder().identity(IDENTITY).defect(defect).build());
  }

  private static BundleVerifier verifier(byte[] trustedRoot) {
    return new BundleVerifier(TrustRoot.fromJson(trustedRoot, "test root"));
  }

  private static VerificationOptions expecting() {
    return VerificationOptions.builder()
        .addCertificateMatchers(
            CertificateMatcher.fulcio()
                .issuer(StringMatcher.string(SignRequest.GITHUB_ACTIONS_ISSUER))
                .subjectAlternativeName(StringMatcher.string(IDENTITY))
                .build())
        .build();
  }
}
