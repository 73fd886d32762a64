package io.trustgate.core.testing.sigstore;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A P-256 key pair and the identifiers Sigstore derives from it. Every actor of the fake (CA, CT
 * log, Rekor, signer) is one of these. The random source also feeds the ECDSA nonces, so a seeded
 * fake produces the same bytes on every run.
 */
record EcKey(KeyPair pair, SecureRandom random) {

  /**
   * BouncyCastle's ECDSA is several times faster than the JDK's, which keeps signing cheap. It is
   * used by instance, never registered, so verifiers under test still use the JDK's providers.
   */
  static final Provider PROVIDER = new BouncyCastleProvider();

  static EcKey generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", PROVIDER);
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return new EcKey(generator.generateKeyPair(), random);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is not available", e);
    }
  }

  PublicKey publicKey() {
    return pair.getPublic();
  }

  /** DER SubjectPublicKeyInfo, the form trusted_root.json and the CT/Rekor log ids use. */
  byte[] spki() {
    return pair.getPublic().getEncoded();
  }

  /** Log id as CT (RFC 6962) and Rekor define it: SHA-256 of the SubjectPublicKeyInfo. */
  byte[] keyId() {
    return sha256(spki());
  }

  /** ECDSA P-256 / SHA-256, DER-encoded, which is what sigstore-java's verifiers expect. */
  byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA", PROVIDER);
      signature.initSign(pair.getPrivate(), random);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
