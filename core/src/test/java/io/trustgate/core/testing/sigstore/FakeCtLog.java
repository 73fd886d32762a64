package io.trustgate.core.testing.sigstore;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A certificate transparency log that only knows how to hand out embedded SCTs (RFC 6962 §3.2,
 * precertificate entries), the way Fulcio's CT log does.
 */
final class FakeCtLog {

  static final String BASE_URL = "https://ctfe.trustgate.test";

  private static final int VERSION_V1 = 0;
  private static final int SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP = 0;
  private static final int ENTRY_TYPE_PRECERT = 1;
  private static final int HASH_SHA256 = 4;
  private static final int SIGNATURE_ECDSA = 3;

  final EcKey key;

  FakeCtLog(EcKey key) {
    this.key = key;
  }

  /**
   * The TLS-encoded SignedCertificateTimestampList holding one SCT over the precertificate, i.e.
   * what goes (wrapped in an OCTET STRING) into extension 1.3.6.1.4.1.11129.2.4.2.
   *
   * @param precertTbs DER TBSCertificate of the leaf without the SCT extension
   * @param issuerSpki DER SubjectPublicKeyInfo of the CA that signs the leaf
   */
  byte[] sctList(byte[] precertTbs, byte[] issuerSpki, Instant timestamp) {
    long millis = timestamp.toEpochMilli();
    byte[] signature = key.sign(signedData(precertTbs, issuerSpki, millis));

    byte[] sct =
        tls(
            out -> {
              out.writeByte(VERSION_V1);
              out.write(key.keyId());
              out.writeLong(millis);
              out.writeShort(0); // no CT extensions
              out.writeByte(HASH_SHA256);
              out.writeByte(SIGNATURE_ECDSA);
              out.writeShort(signature.length);
              out.write(signature);
            });
    return tls(
        out -> {
          out.writeShort(sct.length + 2); // the whole list
          out.writeShort(sct.length); // this SCT
          out.write(sct);
        });
  }

  /** The "digitally-signed struct" of RFC 6962 §3.2 for a precert_entry. */
  private static byte[] signedData(byte[] precertTbs, byte[] issuerSpki, long millis) {
    return tls(
        out -> {
          out.writeByte(VERSION_V1);
          out.writeByte(SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP);
          out.writeLong(millis);
          out.writeShort(ENTRY_TYPE_PRECERT);
          out.write(EcKey.sha256(issuerSpki));
          // opaque TBSCertificate<1..2^24-1>: a 3-byte length prefix
          out.writeByte(precertTbs.length >>> 16);
          out.writeShort(precertTbs.length & 0xFFFF);
          out.write(precertTbs);
          out.writeShort(0); // no CT extensions
        });
  }

  private interface TlsWriter {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] tls(TlsWriter writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out); // DataOutputStream is big-endian, like TLS
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
