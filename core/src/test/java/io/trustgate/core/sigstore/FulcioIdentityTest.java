package io.trustgate.core.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Reading the signer (SAN and OIDC issuer) from Fulcio-style certificates. */
class FulcioIdentityTest {
  private static final String GITHUB = "https://token.actions.githubusercontent.com";
  private static final String WORKFLOW =
      "https://github.com/acme/forge/.github/workflows/release.yml@refs/tags/v1.0.0";

  @Test
  void readsUriSanAndTheDerEncodedIssuerExtension() throws Exception {
    X509Certificate cert =
        cert(
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, WORKFLOW)),
            GITHUB,
            null);
    assertThat(FulcioIdentity.of(cert)).isEqualTo(new FulcioIdentity(WORKFLOW, GITHUB));
  }

  @Test
  void readsEmailSan() throws Exception {
    X509Certificate cert =
        cert(
            new GeneralNames(new GeneralName(GeneralName.rfc822Name, "a@example.com")),
            GITHUB,
            null);
    assertThat(FulcioIdentity.of(cert).identity()).isEqualTo("a@example.com");
  }

  @Test
  void fallsBackToTheRawIssuerExtensionOfOlderCertificates() throws Exception {
    X509Certificate cert = cert(uriSan(), null, "https://accounts.google.com");
    assertThat(FulcioIdentity.of(cert).issuer()).isEqualTo("https://accounts.google.com");
  }

  @Test
  void prefersTheDerIssuerExtensionWhenBothArePresent() throws Exception {
    X509Certificate cert = cert(uriSan(), GITHUB, "https://stale.example");
    assertThat(FulcioIdentity.of(cert).issuer()).isEqualTo(GITHUB);
  }

  @Test
  void refusesCertificatesWithoutIssuer() throws Exception {
    X509Certificate cert = cert(uriSan(), null, null);
    assertThatThrownBy(() -> FulcioIdentity.of(cert))
        .isInstanceOf(CertificateParsingException.class)
        .hasMessageContaining("no OIDC issuer");
  }

  @Test
  void refusesAmbiguousOrNonIdentitySans() throws Exception {
    X509Certificate two =
        cert(
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.uniformResourceIdentifier, WORKFLOW),
                  new GeneralName(GeneralName.rfc822Name, "a@example.com")
                }),
            GITHUB,
            null);
    assertThatThrownBy(() -> FulcioIdentity.of(two))
        .isInstanceOf(CertificateParsingException.class)
        .hasMessageContaining("exactly one subject alternative name, found 2");

    X509Certificate dns =
        cert(new GeneralNames(new GeneralName(GeneralName.dNSName, "github.com")), GITHUB, null);
    assertThatThrownBy(() -> FulcioIdentity.of(dns))
        .isInstanceOf(CertificateParsingException.class)
        .hasMessageContaining("neither a URI nor an email");
  }

  @Test
  void matcherReportsWhichFieldDidNotMatch() throws Exception {
    X509Certificate cert = cert(uriSan(), GITHUB, null);
    var wrongIssuer =
        new SignerCertificateMatcher(
            new SignerIdentity(
                IdentityMatcher.exact("https://accounts.google.com"),
                IdentityMatcher.exact(WORKFLOW)));
    assertThat(wrongIssuer.test(cert)).isFalse();
    assertThat(wrongIssuer.mismatch()).contains("issuer " + GITHUB + " does not match");

    var wrongIdentity =
        new SignerCertificateMatcher(
            new SignerIdentity(
                IdentityMatcher.exact(GITHUB),
                IdentityMatcher.fullMatch("https://github\\.com/other/.*")));
    assertThat(wrongIdentity.test(cert)).isFalse();
    assertThat(wrongIdentity.mismatch()).contains("identity " + WORKFLOW + " does not match");

    var right =
        new SignerCertificateMatcher(
            new SignerIdentity(
                IdentityMatcher.exact(GITHUB),
                IdentityMatcher.fullMatch("https://github\\.com/acme/.*")));
    assertThat(right.test(cert)).isTrue();
    assertThat(right.matched()).isEqualTo(new FulcioIdentity(WORKFLOW, GITHUB));
    assertThat(right.mismatch()).isNull();
  }

  private static GeneralNames uriSan() {
    return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, WORKFLOW));
  }

  private static X509Certificate cert(GeneralNames sans, String derIssuer, String rawIssuer)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=test"),
            BigInteger.ONE,
            Date.from(now),
            Date.from(now.plusSeconds(600)),
            new X500Name(""),
            keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, true, sans);
    if (derIssuer != null) {
      builder.addExtension(
          new ASN1ObjectIdentifier(FulcioIdentity.ISSUER_V2_OID),
          false,
          new DERUTF8String(derIssuer));
    }
    if (rawIssuer != null) {
      builder.addExtension(
          new ASN1ObjectIdentifier(FulcioIdentity.ISSUER_V1_OID),
          false,
          rawIssuer.getBytes(StandardCharsets.UTF_8));
    }
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }
}
