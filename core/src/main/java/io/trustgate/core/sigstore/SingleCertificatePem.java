package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads PEM text that must hold exactly one X.509 certificate, as the {@code cert} field of a
 * legacy cosign bundle and the public key of its hashedrekord entry do for keyless signatures.
 *
 * <p>A bare public key is refused on its own: accepting one where a certificate belongs skips
 * every identity check (cosign GHSA-fx35-mq7g-6g98). So is a chain, since only the signing
 * certificate belongs there and the CA chain comes from the trusted root.
 */
final class SingleCertificatePem {
  private SingleCertificatePem() {}

  /**
   * The one certificate in {@code pem}.
   *
   * @param where names the field in messages, e.g. "The legacy bundle's cert"
   */
  static X509Certificate read(byte[] pem, String where) throws Rejection {
    String text = utf8(pem, where).strip();
    List<PemObject> blocks = blocks(text, where);
    if (blocks.isEmpty()) {
      throw new Rejection(BUNDLE_MALFORMED, where + " is not a PEM certificate.");
    }
    if (blocks.size() > 1) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          where
              + " holds "
              + blocks.size()
              + " PEM blocks; exactly one signing certificate is supported (the CA chain comes"
              + " from the trusted root).");
    }
    PemObject block = blocks.get(0);
    if (!text.endsWith("-----END " + block.getType() + "-----")) {
      throw new Rejection(
          BUNDLE_MALFORMED, where + " has text after its PEM block; it is not clean PEM.");
    }
    if (block.getType().endsWith("PUBLIC KEY")) {
      throw new Rejection(
          UNSUPPORTED_BUNDLE,
          where
              + " holds a bare public key, not a Fulcio certificate; only keyless (certificate)"
              + " signatures are verified.");
    }
    if (!"CERTIFICATE".equals(block.getType())) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          where + " holds a PEM '" + Messages.clean(block.getType()) + "' block, not a CERTIFICATE.");
    }
    try {
      var factory = CertificateFactory.getInstance("X.509");
      var certs = factory.generateCertificates(new ByteArrayInputStream(block.getContent()));
      if (certs.size() != 1 || !(certs.iterator().next() instanceof X509Certificate cert)) {
        throw new Rejection(BUNDLE_MALFORMED, where + " is not one X.509 certificate.");
      }
      return cert;
    } catch (CertificateException | RuntimeException e) {
      throw new Rejection(
          BUNDLE_MALFORMED,
          where + " is not a readable X.509 certificate: " + Messages.detail(e) + ".");
    }
  }

  private static String utf8(byte[] pem, String where) throws Rejection {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(pem))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Rejection(BUNDLE_MALFORMED, where + " is not PEM text.");
    }
  }

  /** All PEM blocks; text outside them other than whitespace is refused, not skipped. */
  private static List<PemObject> blocks(String trimmed, String where) throws Rejection {
    if (!trimmed.isEmpty()
        && (!trimmed.startsWith("-----BEGIN ") || !trimmed.endsWith("-----"))) {
      throw new Rejection(
          BUNDLE_MALFORMED, where + " has text outside its PEM block(s); it is not clean PEM.");
    }
    List<PemObject> blocks = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(trimmed))) {
      for (PemObject block = reader.readPemObject();
          block != null;
          block = reader.readPemObject()) {
        blocks.add(block);
      }
    } catch (IOException | RuntimeException e) {
      throw new Rejection(
          BUNDLE_MALFORMED, where + " is not valid PEM: " + Messages.detail(e) + ".");
    }
    return blocks;
  }
}
