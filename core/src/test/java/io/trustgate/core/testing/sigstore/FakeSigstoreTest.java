package io.trustgate.core.testing.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.VerificationOptions.CertificateMatcher;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fake's bundles, checked by sigstore-java 2.0.0 itself, fully offline. */
class FakeSigstoreTest {

  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  static final String RELEASE =
      "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0";
  static final String REVOCATIONS =
      "https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations";
  static final String EMAIL = "release-bot@acme-labs.example";
  static final Instant SIGNED_AT = Instant.parse("2026-05-15T08:30:00Z");
  static final byte[] MANIFEST =
      "{\"schema_version\":1,\"version\":\"0.14.0\",\"arch\":\"x86_64\",\"variant\":\"dev\"}\n"
          .getBytes(StandardCharsets.UTF_8);

  static FakeSigstore sigstore;
  static KeylessVerifier verifier;

  @BeforeAll
  static void setUp() throws Exception {
    sigstore = FakeSigstore.create();
    verifier = verifierFor(sigstore.trustedRootJson());
  }

  static KeylessVerifier verifierFor(byte[] trustedRoot) throws Exception {
    return KeylessVerifier.builder()
        .trustedRootProvider(() -> SigstoreTrustedRoot.from(new ByteArrayInputStream(trustedRoot)))
        .build();
  }

  /** Never an empty VerificationOptions: that accepts any identity. */
  static VerificationOptions expecting(String issuer, String identity) {
    return VerificationOptions.builder()
        .addCertificateMatchers(
            CertificateMatcher.fulcio()
                .issuer(StringMatcher.string(issuer))
                .subjectAlternativeName(StringMatcher.string(identity))
                .build())
        .build();
  }

  static SignRequest.Builder release() {
    return SignRequest.builder().identity(RELEASE).issuer(ISSUER).signedAt(SIGNED_AT);
  }

  static Bundle parse(byte[] bundle) throws BundleParseException {
    return Bundle.from(new StringReader(new String(bundle, StandardCharsets.UTF_8)));
  }

  /**
   * Parses and verifies; any exception is a rejection. Note that {@code verify(byte[], ...)} takes
   * the artifact's SHA-256 digest, not the artifact.
   */
  static void verify(KeylessVerifier with, byte[] artifact, byte[] bundle, String identity)
      throws Exception {
    with.verify(EcKey.sha256(artifact), parse(bundle), expecting(ISSUER, identity));
  }

  static Stream<Arguments> versionsAndIdentities() {
    // The legacy format is not a Sigstore bundle sigstore-java reads; trustgate's tests cover it.
    return Stream.of(BundleVersion.values())
        .filter(v -> v != BundleVersion.LEGACY_COSIGN)
        .flatMap(v -> Stream.of(Arguments.of(v, RELEASE), Arguments.of(v, EMAIL)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("versionsAndIdentities")
  void goodBundleVerifies(BundleVersion version, String identity) throws Exception {
    byte[] bundle = sigstore.sign(MANIFEST, release().identity(identity).version(version).build());

    Bundle parsed = parse(bundle);
    assertThat(parsed.getMediaType()).isEqualTo(version.mediaType());
    assertThatCode(
            () -> verifier.verify(EcKey.sha256(MANIFEST), parsed, expecting(ISSUER, identity)))
        .doesNotThrowAnyException();
  }

  @Test
  void signsAtTheCurrentTimeByDefault() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    byte[] bundle = sigstore.sign(MANIFEST, SignRequest.builder().identity(RELEASE).build());

    assertThat(leaf(bundle).getNotBefore().toInstant()).isBetween(before, Instant.now());
    assertThatCode(() -> verify(verifier, MANIFEST, bundle, RELEASE)).doesNotThrowAnyException();
  }

  @Test
  void signsAnywhereInsideTheTrustedRootWindow() throws Exception {
    for (Instant at :
        List.of(
            FakeSigstore.VALID_FROM,
            Instant.parse("2031-02-03T04:05:06.789Z"),
            FakeSigstore.VALID_UNTIL)) {
      byte[] bundle = sigstore.sign(MANIFEST, release().signedAt(at).build());
      assertThatCode(() -> verify(verifier, MANIFEST, bundle, RELEASE))
          .as("signed at %s", at)
          .doesNotThrowAnyException();
    }
    assertThatThrownBy(
            () ->
                sigstore.sign(
                    MANIFEST, release().signedAt(Instant.parse("2019-12-31T23:59:59Z")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the trusted root window");
  }

  /** Each defect fails for its own reason, found in the exception or one of its causes. */
  static Stream<Arguments> rejectedDefects() {
    return Stream.of(
        Arguments.of(Defect.WRONG_CA, "Certificate was not verifiable against CAs"),
        Arguments.of(Defect.NO_SCT, "No valid SCTs were found"),
        Arguments.of(Defect.BAD_SET, "Entry SET was not valid"),
        Arguments.of(Defect.BAD_INCLUSION_PROOF, "Inclusion proof verification failed"),
        Arguments.of(Defect.BAD_CHECKPOINT, "Checkpoint signature was invalid"),
        Arguments.of(Defect.NO_TLOG_ENTRY, "Could not find any tlog entries"),
        Arguments.of(Defect.NO_SET_NO_TIMESTAMP, "No timestamp verification (set, timestamp)"),
        Arguments.of(Defect.SIGNATURE_OVER_OTHER_BYTES, "Artifact signature was not valid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedDefects")
  void defectIsRejectedForItsReason(Defect defect, String reason) {
    for (BundleVersion version : List.of(BundleVersion.V0_1, BundleVersion.V0_3)) {
      byte[] bundle = sigstore.sign(MANIFEST, release().defect(defect).version(version).build());

      assertThatThrownBy(() -> verify(verifier, MANIFEST, bundle, RELEASE))
          .as("%s in a %s bundle", defect, version)
          .satisfies(e -> assertThat(messages(e)).contains(reason));
    }
  }

  @Test
  void everyDefectButTheDocumentedOnesIsCoveredByARejectionCase() {
    List<Defect> covered = rejectedDefects().map(a -> (Defect) a.get()[0]).toList();
    assertThat(Stream.of(Defect.values()).filter(d -> !covered.contains(d)))
        .containsExactlyInAnyOrder(
            Defect.NONE, Defect.CERT_EXPIRED_BEFORE_INTEGRATION);
  }

  /**
   * The gap trustgate closes itself: sigstore-java 2.0.0 does not check that Rekor's integrated
   * time lies inside the leaf's validity. If this test starts failing, sigstore-java began to check
   * it.
   */
  @Test
  void sigstoreJavaAcceptsACertificateThatExpiredBeforeIntegration() throws Exception {
    byte[] bundle =
        sigstore.sign(MANIFEST, release().defect(Defect.CERT_EXPIRED_BEFORE_INTEGRATION).build());

    Bundle parsed = parse(bundle);
    Instant integrated = Instant.ofEpochSecond(parsed.getEntries().get(0).getIntegratedTime());
    X509Certificate leaf = leaf(bundle);
    assertThat(integrated).isAfter(leaf.getNotAfter().toInstant());
    assertThatThrownBy(() -> leaf.checkValidity(Date.from(integrated)))
        .isInstanceOf(CertificateExpiredException.class);

    assertThatCode(() -> verify(verifier, MANIFEST, bundle, RELEASE)).doesNotThrowAnyException();
  }

  @Test
  void legacyCosignBundleIsNotASigstoreBundle() throws Exception {
    byte[] bundle = sigstore.sign(MANIFEST, release().version(BundleVersion.LEGACY_COSIGN).build());

    JsonNode json = new ObjectMapper().readTree(bundle);
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("base64Signature", "cert", "rekorBundle");
    assertThat(json.at("/rekorBundle/Payload/logID").asText()).hasSize(64);
    String pem =
        new String(Base64.getDecoder().decode(json.get("cert").asText()), StandardCharsets.UTF_8);
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
    assertThatThrownBy(() -> parse(bundle)).isInstanceOf(BundleParseException.class);
  }

  @Test
  void wrongIdentityIsRejectedByTheMatcher() {
    byte[] bundle = sigstore.sign(MANIFEST, release().build());

    assertThatThrownBy(() -> verify(verifier, MANIFEST, bundle, REVOCATIONS))
        .satisfies(
            e -> assertThat(messages(e)).contains("No provided certificate identities matched"));
  }

  @Test
  void manifestSignedByTheRevocationIdentityIsRejected() {
    byte[] bundle = sigstore.sign(MANIFEST, release().identity(REVOCATIONS).build());

    assertThatThrownBy(() -> verify(verifier, MANIFEST, bundle, RELEASE))
        .satisfies(
            e -> assertThat(messages(e)).contains("No provided certificate identities matched"));
    assertThatCode(() -> verify(verifier, MANIFEST, bundle, REVOCATIONS))
        .doesNotThrowAnyException();
  }

  @Test
  void wrongIssuerIsRejectedByTheMatcher() {
    byte[] bundle =
        sigstore.sign(MANIFEST, release().issuer("https://accounts.google.com").build());

    assertThatThrownBy(() -> verify(verifier, MANIFEST, bundle, RELEASE))
        .satisfies(
            e -> assertThat(messages(e)).contains("No provided certificate identities matched"));
    assertThatCode(
            () ->
                verifier.verify(
                    EcKey.sha256(MANIFEST),
                    parse(bundle),
                    expecting("https://accounts.google.com", RELEASE)))
        .doesNotThrowAnyException();
  }

  @Test
  void tamperedArtifactIsRejected() {
    byte[] bundle = sigstore.sign(MANIFEST, release().build());
    byte[] tampered = MANIFEST.clone();
    tampered[tampered.length - 2] ^= 0x01;

    assertThatThrownBy(() -> verify(verifier, tampered, bundle, RELEASE))
        .satisfies(e -> assertThat(messages(e)).contains("digest"));
  }

  @Test
  void bundleFromAnotherSigstoreIsNotTrusted() throws Exception {
    FakeSigstore other = FakeSigstore.create();
    byte[] foreign = other.sign(MANIFEST, release().build());

    assertThatCode(() -> verify(verifierFor(other.trustedRootJson()), MANIFEST, foreign, RELEASE))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> verify(verifier, MANIFEST, foreign, RELEASE))
        .satisfies(
            e -> assertThat(messages(e)).contains("Certificate was not verifiable against CAs"));
  }

  @Test
  void leafLooksLikeAFulcioCertificate() throws Exception {
    X509Certificate leaf = leaf(sigstore.sign(MANIFEST, release().build()));

    assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(SIGNED_AT);
    assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(leaf.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder("2.5.29.15", "2.5.29.17"); // KeyUsage, SAN
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3"); // codeSigning
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, RELEASE)); // 6 = URI
    assertThat(leaf.getExtensionValue("1.3.6.1.4.1.57264.1.1")).isNotNull();
    assertThat(leaf.getExtensionValue("1.3.6.1.4.1.57264.1.8")).isNotNull();
    assertThat(leaf.getExtensionValue("1.3.6.1.4.1.11129.2.4.2")).isNotNull();
    assertThat(Certificates.getEmbeddedSCTs(leaf)).isPresent();

    X509Certificate email = leaf(sigstore.sign(MANIFEST, release().identity(EMAIL).build()));
    assertThat(email.getSubjectAlternativeNames()).containsExactly(List.of(1, EMAIL)); // rfc822
  }

  @Test
  void trustedRootNamesItsLogsAndWindows(@TempDir Path dir) throws Exception {
    JsonNode root = new ObjectMapper().readTree(sigstore.trustedRootJson());

    assertThat(root.get("mediaType").asText())
        .isEqualTo("application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    assertThat(URI.create(root.at("/tlogs/0/baseUrl").asText()).getHost())
        .isEqualTo(sigstore.rekorOrigin());
    assertThat(root.at("/certificateAuthorities/0/validFor/start").asText())
        .isEqualTo(FakeSigstore.VALID_FROM.toString());
    assertThat(root.at("/certificateAuthorities/0/certChain/certificates")).hasSize(2);
    assertThat(root.at("/ctlogs/0/publicKey/keyDetails").asText())
        .isEqualTo("PKIX_ECDSA_P256_SHA_256");

    Path file = sigstore.writeTrustedRoot(dir);
    assertThat(file.getFileName().toString()).isEqualTo("trusted_root.json");
    KeylessVerifier fromFile =
        KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(file)).build();
    byte[] bundle = sigstore.sign(MANIFEST, release().build());
    assertThatCode(() -> verify(fromFile, MANIFEST, bundle, RELEASE)).doesNotThrowAnyException();
  }

  @Test
  void aSeedReproducesTheSameSigstore() {
    assertThat(FakeSigstore.create(42).trustedRootJson())
        .isEqualTo(FakeSigstore.create(42).trustedRootJson())
        .isNotEqualTo(FakeSigstore.create(43).trustedRootJson());
    assertThat(FakeSigstore.create(42).sign(MANIFEST, release().build()))
        .isEqualTo(FakeSigstore.create(42).sign(MANIFEST, release().build()));
  }

  @Test
  void releaseSignerWritesDocumentAndBundleSideBySide(@TempDir Path dir) throws Exception {
    ReleaseSigner signer = new ReleaseSigner(sigstore, dir);

    ReleaseSigner.SignedFile file =
        signer.write("v0.14.0/dev-image-x86_64.manifest.json", MANIFEST, release().build());

    assertThat(file.document()).isEqualTo(dir.resolve("v0.14.0/dev-image-x86_64.manifest.json"));
    assertThat(file.bundle())
        .isEqualTo(dir.resolve("v0.14.0/dev-image-x86_64.manifest.json.bundle"));
    assertThat(Files.readAllBytes(file.document())).isEqualTo(MANIFEST);
    assertThatCode(() -> verify(verifier, MANIFEST, Files.readAllBytes(file.bundle()), RELEASE))
        .doesNotThrowAnyException();
  }

  /**
   * Prints the cost of a sign + parse + verify round trip, of signing alone and of re-verifying one
   * bundle (the JDK caches parsed certificates, so that is cheaper). Wall-clock is printed, not
   * asserted; what is asserted is that every round trip verified.
   */
  @Test
  void measuresARoundTrip() throws Exception {
    int warmUp = 300;
    int measured = 300;
    int verified = 0;
    long start = 0;
    for (int i = 0; i < warmUp + measured; i++) {
      if (i == warmUp) {
        start = System.nanoTime();
      }
      byte[] bundle = sigstore.sign(MANIFEST, release().build());
      verify(verifier, MANIFEST, bundle, RELEASE);
      verified++;
    }
    double roundTrip = millisPerCall(start, measured);

    start = System.nanoTime();
    for (int i = 0; i < measured; i++) {
      sigstore.sign(MANIFEST, release().build());
    }
    double sign = millisPerCall(start, measured);

    byte[] one = sigstore.sign(MANIFEST, release().build());
    start = System.nanoTime();
    for (int i = 0; i < measured; i++) {
      verify(verifier, MANIFEST, one, RELEASE);
      verified++;
    }
    double sameBundle = millisPerCall(start, measured);

    System.out.printf(
        "FakeSigstore after %d warm-up: sign+verify %.2f ms, sign %.2f ms, "
            + "parse+verify of one bundle again %.2f ms%n",
        warmUp, roundTrip, sign, sameBundle);
    assertThat(verified).isEqualTo(warmUp + 2 * measured);
  }

  private static double millisPerCall(long startNanos, int calls) {
    return (System.nanoTime() - startNanos) / 1e6 / calls;
  }

  private static X509Certificate leaf(byte[] bundle) throws Exception {
    return (X509Certificate) parse(bundle).getCertPath().getCertificates().get(0);
  }

  /** The messages of an exception and all its causes, for asserting on the real reason. */
  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
