package io.trustgate.core.testing.sigstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Fulcio-like CA: a self-signed root, an intermediate, and short-lived leaf certificates that
 * carry the signer's identity and OIDC issuer, with an SCT from a {@link FakeCtLog} embedded.
 */
final class FakeFulcio {

  static final String URI = "https://fulcio.trustgate.test";
  static final String ORGANIZATION = "trustgate.test";
  static final String ROOT_NAME = "trustgate test root";

  /** CA certificates outlive every instant the trusted root admits, so signedAt is free. */
  static final Instant CA_NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");

  static final Instant CA_NOT_AFTER = Instant.parse("2100-01-01T00:00:00Z");
  static final Duration LEAF_VALIDITY = Duration.ofMinutes(10);

  /** OIDC issuer, v1 (raw UTF-8 bytes) and v2 (DER UTF8String) of Fulcio's OID arc. */
  private static final ASN1ObjectIdentifier ISSUER_V1 =
      new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.1");

  private static final ASN1ObjectIdentifier ISSUER_V2 =
      new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8");
  private static final ASN1ObjectIdentifier EMBEDDED_SCTS =
      new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

  private static final JcaX509ExtensionUtils EXTENSIONS = extensionUtils();

  private final SecureRandom random;
  private final EcKey intermediateKey;
  private final X500Name intermediateName = name("trustgate test intermediate");
  final X509Certificate root;
  final X509Certificate intermediate;

  /**
   * Every instance has fresh keys but the same names, so a second instance is an impostor CA that
   * only the keys give away.
   */
  FakeFulcio(SecureRandom random) {
    this.random = random;
    EcKey rootKey = EcKey.generate(random);
    this.intermediateKey = EcKey.generate(random);
    X500Name rootName = name(ROOT_NAME);
    this.root = caCertificate(rootName, rootKey, rootName, rootKey, 1);
    this.intermediate = caCertificate(rootName, rootKey, intermediateName, intermediateKey, 0);
  }

  /** The chain the trusted root lists: intermediate first, root last. */
  List<X509Certificate> chain() {
    return List.of(intermediate, root);
  }

  /**
   * Issues a leaf for {@code signerKey}, valid for ten minutes from {@code notBefore}.
   *
   * @param ctLog the log to obtain an embedded SCT from, or null for a leaf without SCT
   */
  X509Certificate issueLeaf(
      PublicKey signerKey, SignRequest request, Instant notBefore, FakeCtLog ctLog) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              intermediateName,
              serial(),
              Date.from(notBefore),
              Date.from(notBefore.plus(LEAF_VALIDITY)),
              new X500Name(new RDN[0]), // Fulcio leaves have an empty subject
              signerKey);
      GeneralName san =
          new GeneralName(
              request.uriIdentity()
                  ? GeneralName.uniformResourceIdentifier
                  : GeneralName.rfc822Name,
              request.identity());
      builder
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              EXTENSIONS.createSubjectKeyIdentifier(signerKey))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              EXTENSIONS.createAuthorityKeyIdentifier(intermediateKey.publicKey()))
          // critical because the subject is empty (RFC 5280 §4.2.1.6)
          .addExtension(Extension.subjectAlternativeName, true, new GeneralNames(san))
          .addExtension(
              new Extension(ISSUER_V1, false, request.issuer().getBytes(StandardCharsets.UTF_8)))
          .addExtension(ISSUER_V2, false, new DERUTF8String(request.issuer()));
      if (ctLog != null) {
        // The SCT signs the precertificate: this very TBS, before the SCT extension exists.
        byte[] precertTbs =
            sign(builder, intermediateKey).toASN1Structure().getTBSCertificate().getEncoded();
        byte[] sctList = ctLog.sctList(precertTbs, intermediateKey.spki(), notBefore);
        builder.addExtension(EMBEDDED_SCTS, false, new DEROctetString(sctList));
      }
      return toX509(sign(builder, intermediateKey));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private X509Certificate caCertificate(
      X500Name issuer, EcKey issuerKey, X500Name subject, EcKey subjectKey, int pathLength) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              serial(),
              Date.from(CA_NOT_BEFORE),
              Date.from(CA_NOT_AFTER),
              subject,
              subjectKey.publicKey());
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              EXTENSIONS.createSubjectKeyIdentifier(subjectKey.publicKey()))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              EXTENSIONS.createAuthorityKeyIdentifier(issuerKey.publicKey()));
      return toX509(sign(builder, issuerKey));
    } catch (IOException e) {
      throw new IllegalStateException("cannot build CA certificate", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, ORGANIZATION)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509CertificateHolder sign(X509v3CertificateBuilder builder, EcKey key) {
    try {
      return builder.build(
          new JcaContentSignerBuilder("SHA256withECDSA")
              .setProvider(EcKey.PROVIDER)
              .setSecureRandom(key.random()) // a seeded fake then issues identical certificates
              .build(key.pair().getPrivate()));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot create ECDSA content signer", e);
    }
  }

  private static X509Certificate toX509(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("BouncyCastle produced an unparsable certificate", e);
    }
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is needed for key identifiers", e);
    }
  }
}
