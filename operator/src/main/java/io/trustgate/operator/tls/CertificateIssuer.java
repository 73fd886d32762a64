package io.trustgate.operator.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues the webhook's CA and serving certificates: ECDSA P-256, SHA-256, BouncyCastle builders. */
final class CertificateIssuer {
  /** Issued certificates start a little in the past so a skewed apiserver clock still accepts them. */
  private static final java.time.Duration BACKDATE = java.time.Duration.ofMinutes(5);

  private final SecureRandom random = new SecureRandom();

  /** A key pair and the certificate for it. */
  record Issued(X509Certificate certificate, KeyPair keys) {}

  Issued certificateAuthority(Instant now, java.time.Duration validity) {
    KeyPair keys = newKeyPair();
    X500Name name = name("trustgate webhook CA " + now.getEpochSecond());
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(name, name, now, now.plus(validity), keys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(keys.getPublic()));
      return new Issued(sign(builder, keys), keys);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue the webhook CA", e);
    }
  }

  /** A serving certificate, valid for {@code validity} but never beyond its CA. */
  Issued serving(Issued ca, ServingNames names, Instant now, java.time.Duration validity) {
    KeyPair keys = newKeyPair();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    List<GeneralName> sans = new ArrayList<>();
    names.dnsNames().stream().sorted().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
    names.ipAddresses().stream().sorted().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(issuer, name(names.primary()), now, notAfter, keys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(ca.certificate()));
      return new Issued(sign(builder, ca.keys()), keys);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue the webhook serving certificate", e);
    }
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, Instant from, Instant to, KeyPair keys) {
    BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
    return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(from.minus(BACKDATE)), Date.from(to), subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 keys are not available in this JVM", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "trustgate")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }
}
