package io.trustgate.core.testing.sigstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 timestamp authority like Sigstore's TSA: a self-signed root and a signing leaf whose
 * critical extended key usage is timeStamping, both listed in the trusted root's {@code
 * timestampAuthorities}. It stamps the bundle's signature bytes (the message imprint is their
 * SHA-256), as cosign v3 asks a TSA to, and answers with a DER TimeStampResponse, the form a
 * bundle's {@code rfc3161Timestamps} carry.
 *
 * <p>BouncyCastle's TSP classes build real tokens, so what verifiers check is real: the CMS
 * signature, the ESS certificate binding, the chain at the generation time, the imprint.
 */
final class FakeTsa {
  static final String URI = "https://tsa.trustgate.test";
  static final String ROOT_NAME = "trustgate test tsa root";
  static final String LEAF_NAME = "trustgate test tsa";

  /**
   * End of the TSA's trusted-root validity: past the end of the fake's signing window, so that a
   * signature made at its last instant can still be stamped a moment later.
   */
  static final Instant TRUSTED_UNTIL = FakeFulcio.CA_NOT_AFTER;

  /** Any policy works for verifiers; this one is from the example arc of RFC 3161 tests. */
  private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.99.1");

  private final SecureRandom random;
  private final EcKey leafKey;
  final X509Certificate root;
  final X509Certificate leaf;

  /**
   * Every instance has fresh keys but the same names, so a second instance is an impostor TSA that
   * only its keys give away.
   */
  FakeTsa(SecureRandom random) {
    this.random = random;
    EcKey rootKey = EcKey.generate(random);
    this.leafKey = EcKey.generate(random);
    X500Name rootName = name(ROOT_NAME);
    this.root = certificate(rootName, rootKey, rootName, rootKey, true);
    this.leaf = certificate(rootName, rootKey, name(LEAF_NAME), leafKey, false);
  }

  /** The chain the trusted root lists: signing leaf first, root last. */
  List<X509Certificate> chain() {
    return List.of(leaf, root);
  }

  /**
   * A DER TimeStampResponse whose token says {@code imprinted} (normally the signature bytes)
   * existed at {@code generatedAt}. The token carries the signing certificate, as Sigstore clients
   * request; verifiers must still match it against the trusted root's TSA.
   */
  byte[] timestamp(byte[] imprinted, Instant generatedAt) {
    try {
      TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
      requests.setCertReq(true);
      TimeStampRequest request =
          requests.generate(
              TSPAlgorithms.SHA256, EcKey.sha256(imprinted), new BigInteger(64, random));
      TimeStampTokenGenerator tokens =
          new TimeStampTokenGenerator(signerInfo(generatedAt), essCertIdDigest(), POLICY);
      tokens.addCertificates(new JcaCertStore(List.of(leaf)));
      TimeStampResponseGenerator responses =
          new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
      return responses
          .generate(request, new BigInteger(64, random).add(BigInteger.ONE), Date.from(generatedAt))
          .getEncoded();
    } catch (TSPException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build an RFC 3161 timestamp", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * ECDSA over the token's signed attributes. The CMS signing time is pinned to the generation
   * time (BouncyCastle would put the wall clock there), so a seeded fake stamps identical bytes.
   */
  private SignerInfoGenerator signerInfo(Instant generatedAt)
      throws OperatorCreationException, GeneralSecurityException {
    ASN1EncodableVector signingTime = new ASN1EncodableVector();
    signingTime.add(
        new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(generatedAt)))));
    return new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
        .setSignedAttributeGenerator(
            new DefaultSignedAttributeTableGenerator(new AttributeTable(signingTime)))
        .build(
            new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(EcKey.PROVIDER)
                .setSecureRandom(random)
                .build(leafKey.pair().getPrivate()),
            leaf);
  }

  private static DigestCalculator essCertIdDigest() throws OperatorCreationException {
    return new JcaDigestCalculatorProviderBuilder()
        .build()
        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
  }

  private X509Certificate certificate(
      X500Name issuer, EcKey issuerKey, X500Name subject, EcKey subjectKey, boolean ca) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, random).add(BigInteger.ONE),
              Date.from(FakeFulcio.CA_NOT_BEFORE),
              Date.from(FakeFulcio.CA_NOT_AFTER),
              subject,
              subjectKey.publicKey());
      if (ca) {
        builder
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        // RFC 3161 §2.3: exactly this purpose, critical.
        builder
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(
                Extension.extendedKeyUsage,
                true,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      }
      X509CertificateHolder holder =
          builder.build(
              new JcaContentSignerBuilder("SHA256withECDSA")
                  .setProvider(EcKey.PROVIDER)
                  .setSecureRandom(random)
                  .build(issuerKey.pair().getPrivate()));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build TSA certificate", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, FakeFulcio.ORGANIZATION)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }
}
