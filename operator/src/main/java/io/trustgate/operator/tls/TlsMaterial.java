package io.trustgate.operator.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the webhook TLS Secret holds: the active CA with its key, the CA bundle the apiserver
 * trusts (the active CA first, then retired CAs until they expire), and the serving certificate.
 *
 * @param trusted every CA the bundle carries, the active one included
 */
record TlsMaterial(CertificateIssuer.Issued ca, List<X509Certificate> trusted, CertificateIssuer.Issued serving) {
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String CA_CRT = "ca.crt";
  static final String CA_KEY = "ca.key";

  TlsMaterial {
    trusted = List.copyOf(trusted);
  }

  /** The material of a Secret's data, or empty when any part is missing or unreadable. */
  static Optional<TlsMaterial> read(Map<String, String> base64Data) {
    if (base64Data == null) {
      return Optional.empty();
    }
    try {
      List<X509Certificate> bundle = Pem.readCertificates(decode(base64Data, CA_CRT));
      PrivateKey caKey = Pem.readPrivateKey(decode(base64Data, CA_KEY));
      List<X509Certificate> chain = Pem.readCertificates(decode(base64Data, TLS_CRT));
      PrivateKey servingKey = Pem.readPrivateKey(decode(base64Data, TLS_KEY));
      if (bundle.isEmpty() || chain.isEmpty()) {
        return Optional.empty();
      }
      X509Certificate caCert = bundle.get(0);
      return Optional.of(new TlsMaterial(
          new CertificateIssuer.Issued(caCert, new KeyPair(caCert.getPublicKey(), caKey)),
          bundle,
          new CertificateIssuer.Issued(chain.get(0), new KeyPair(chain.get(0).getPublicKey(), servingKey))));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Secret data, base64 as the API wants it. */
  Map<String, String> toData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CRT, encode(servingChainPem()));
    data.put(TLS_KEY, encode(Pem.privateKey(serving.keys().getPrivate())));
    data.put(CA_CRT, encode(caBundlePem()));
    data.put(CA_KEY, encode(Pem.privateKey(ca.keys().getPrivate())));
    return data;
  }

  /** Leaf then the CA that signed it: what the webhook serves. */
  String servingChainPem() {
    return Pem.certificates(List.of(serving.certificate(), ca.certificate()));
  }

  String servingKeyPem() {
    return Pem.privateKey(serving.keys().getPrivate());
  }

  String caBundlePem() {
    return Pem.certificates(trusted);
  }

  /** Whether the serving certificate was signed by the active CA (and the CA key matches it). */
  boolean servingSignedByCa() {
    try {
      serving.certificate().verify(ca.certificate().getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Retired CAs still valid at {@code now}, in bundle order (the active CA excluded). */
  List<X509Certificate> retiredStillValid(Instant now) {
    List<X509Certificate> out = new ArrayList<>();
    for (X509Certificate c : trusted) {
      if (!c.equals(ca.certificate()) && c.getNotAfter().toInstant().isAfter(now)) {
        out.add(c);
      }
    }
    return out;
  }

  private static String decode(Map<String, String> data, String key) throws IOException {
    String value = data.get(key);
    if (value == null || value.isEmpty()) {
      throw new IOException(key + " missing");
    }
    return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
  }

  private static String encode(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
