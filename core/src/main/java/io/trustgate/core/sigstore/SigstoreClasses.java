package io.trustgate.core.sigstore;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sigstore.json.ProtoJson;
import dev.sigstore.proto.bundle.v1.Bundle;
import dev.sigstore.proto.trustroot.v1.TrustedRoot;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;

/**
 * Initialises, ahead of time, the classes that reading a trust root and verifying the first bundle
 * need: the BouncyCastle provider that sigstore-java registers in two static initialisers, the
 * protobuf descriptors and JSON parser of trusted roots and bundles, and the JCA services of
 * certificates and ECDSA. Nothing is read or verified. A short-lived process (the CLI) calls it on
 * a thread of its own at start, so that this work, most of a first verification's cost, overlaps
 * with parsing its command line and reading its inputs instead of following them. Class
 * initialisation happens once per JVM whoever triggers it, so calling this changes no result.
 */
public final class SigstoreClasses {
  private SigstoreClasses() {}

  /** Initialises the classes; failures are left for the verification itself to report. */
  public static void initialize() {
    ClassLoader loader = SigstoreClasses.class.getClassLoader();
    try {
      for (String name : new String[] {
          "dev.sigstore.encryption.Keys", "dev.sigstore.timestamp.client.TimestampVerifier",
          "dev.sigstore.KeylessVerifier", "dev.sigstore.fulcio.client.FulcioVerifier"}) {
        Class.forName(name, true, loader);
      }
      ProtoJson.parser().merge("{\"mediaType\": \"\"}", TrustedRoot.newBuilder());
      ProtoJson.parser().merge("{\"mediaType\": \"\"}", Bundle.newBuilder());
      CertificateFactory.getInstance("X.509");
      KeyFactory.getInstance("EC");
      Signature.getInstance("SHA256withECDSA");
      MessageDigest.getInstance("SHA-256");
    } catch (ClassNotFoundException | InvalidProtocolBufferException | GeneralSecurityException
        | RuntimeException | LinkageError e) {
      // Only a head start: whatever failed here fails again, and is reported, where it is used.
    }
  }
}
