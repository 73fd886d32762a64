package io.trustgate.core.sigstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTF8String;

/**
 * The signer as a Fulcio certificate names it: subject alternative name and OIDC issuer.
 *
 * @param identity the single URI or email (rfc822Name) subject alternative name
 * @param issuer the OIDC issuer from extension 1.3.6.1.4.1.57264.1.8 (DER UTF8String), or from the
 *     deprecated 1.3.6.1.4.1.57264.1.1 (raw UTF-8 bytes) when only that one is present
 */
record FulcioIdentity(String identity, String issuer) {
  static final String ISSUER_V2_OID = "1.3.6.1.4.1.57264.1.8";
  static final String ISSUER_V1_OID = "1.3.6.1.4.1.57264.1.1";
  private static final int SAN_RFC822 = 1;
  private static final int SAN_URI = 6;

  /**
   * Reads the signer from a Fulcio leaf certificate.
   *
   * @throws CertificateParsingException if the certificate does not name exactly one URI or email
   *     signer, or carries no readable issuer extension
   */
  static FulcioIdentity of(X509Certificate leaf) throws CertificateParsingException {
    return new FulcioIdentity(subjectAlternativeName(leaf), issuer(leaf));
  }

  private static String subjectAlternativeName(X509Certificate leaf)
      throws CertificateParsingException {
    Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
    // Fulcio issues exactly one SAN; more than one would make "the" identity ambiguous.
    if (sans == null || sans.size() != 1) {
      throw new CertificateParsingException(
          "the signing certificate must carry exactly one subject alternative name, found "
              + (sans == null ? 0 : sans.size()));
    }
    List<?> san = sans.iterator().next();
    Object type = san.get(0);
    if (!(type instanceof Integer t && (t == SAN_URI || t == SAN_RFC822))
        || !(san.get(1) instanceof String value)) {
      throw new CertificateParsingException(
          "the signing certificate's subject alternative name is neither a URI nor an email");
    }
    return value;
  }

  private static String issuer(X509Certificate leaf) throws CertificateParsingException {
    try {
      byte[] v2 = extensionOctets(leaf, ISSUER_V2_OID);
      if (v2 != null) {
        return ASN1UTF8String.getInstance(ASN1Primitive.fromByteArray(v2)).getString();
      }
      byte[] v1 = extensionOctets(leaf, ISSUER_V1_OID);
      if (v1 != null) {
        return new String(v1, StandardCharsets.UTF_8);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new CertificateParsingException(
          "the signing certificate's OIDC issuer extension is not readable", e);
    }
    throw new CertificateParsingException(
        "the signing certificate carries no OIDC issuer extension");
  }

  /** The extension's value octets, unwrapped from the OCTET STRING the JDK returns. */
  private static byte[] extensionOctets(X509Certificate cert, String oid) throws IOException {
    byte[] wrapped = cert.getExtensionValue(oid);
    return wrapped == null ? null : ASN1OctetString.getInstance(wrapped).getOctets();
  }
}
