package io.trustgate.core.testing.sigstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.proto.bundle.v1.Bundle;
import dev.sigstore.proto.bundle.v1.VerificationMaterial;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes legacy cosign bundles ({@code cosign sign-blob --bundle} of cosign v2.x without {@code
 * --new-bundle-format}): {@code {"base64Signature","cert","rekorBundle"}}, plus {@code
 * "RFC3161Timestamp"} when a timestamp is given. Either from the parts of a signing, or converted
 * from a Sigstore bundle whose log entry is a hashedrekord with an inclusion promise: that promise
 * is Rekor's signed entry timestamp over exactly the legacy {@code Payload}, so the converted
 * bundle is as genuine as the original.
 */
public final class LegacyBundleWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LegacyBundleWriter() {}

  /**
   * A legacy bundle for one signing.
   *
   * @param entry the log entry, or null for a bundle without {@code rekorBundle}; without an
   *     inclusion promise, {@code rekorBundle} has no {@code SignedEntryTimestamp}
   * @param rfc3161Timestamp DER TimeStampResp over the signature, or null for none
   */
  public static byte[] write(
      X509Certificate leaf, byte[] signature, TransparencyLogEntry entry, byte[] rfc3161Timestamp) {
    Map<String, Object> legacy = new LinkedHashMap<>();
    legacy.put("base64Signature", base64(signature));
    legacy.put("cert", base64(pem(leaf)));
    if (entry != null) {
      legacy.put("rekorBundle", rekorBundle(entry));
    }
    if (rfc3161Timestamp != null) {
      legacy.put("RFC3161Timestamp", Map.of("SignedRFC3161Timestamp", base64(rfc3161Timestamp)));
    }
    try {
      return JSON.writeValueAsBytes(legacy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> rekorBundle(TransparencyLogEntry entry) {
    Map<String, Object> rekorBundle = new LinkedHashMap<>();
    if (entry.hasInclusionPromise()) {
      rekorBundle.put(
          "SignedEntryTimestamp",
          base64(entry.getInclusionPromise().getSignedEntryTimestamp().toByteArray()));
    }
    rekorBundle.put(
        "Payload",
        FakeRekor.promisePayload(
            entry.getCanonicalizedBody().toByteArray(),
            entry.getIntegratedTime(),
            entry.getLogId().getKeyId().toByteArray(),
            entry.getLogIndex()));
    return rekorBundle;
  }

  /**
   * The legacy form of a Sigstore message-signature bundle (any version) whose single log entry
   * carries an inclusion promise; its first RFC 3161 timestamp, if any, is kept.
   */
  public static byte[] fromSigstoreBundle(byte[] sigstoreBundleJson) {
    Bundle.Builder builder = Bundle.newBuilder();
    try {
      JsonFormat.parser()
          .merge(new String(sigstoreBundleJson, StandardCharsets.UTF_8), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a Sigstore bundle", e);
    }
    Bundle bundle = builder.build();
    VerificationMaterial material = bundle.getVerificationMaterial();
    byte[] leafDer =
        material.hasCertificate()
            ? material.getCertificate().getRawBytes().toByteArray()
            : material.getX509CertificateChain().getCertificates(0).getRawBytes().toByteArray();
    var timestamps = material.getTimestampVerificationData().getRfc3161TimestampsList();
    return write(
        certificate(leafDer),
        bundle.getMessageSignature().getSignature().toByteArray(),
        material.getTlogEntries(0),
        timestamps.isEmpty() ? null : timestamps.get(0).getSignedTimestamp().toByteArray());
  }

  /**
   * Copies a release mirror directory from {@code from} to {@code to}, converting every {@code
   * .bundle} file to a legacy bundle and copying everything else as it is.
   *
   * @return the bundle files converted
   */
  public static List<Path> convertMirror(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      List<Path> converted = new java.util.ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        if (file.getFileName().toString().endsWith(ReleaseSigner.BUNDLE_SUFFIX)) {
          Files.write(target, fromSigstoreBundle(Files.readAllBytes(file)));
          converted.add(target);
        } else {
          Files.copy(file, target);
        }
      }
      return converted;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate certificate(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable certificate in the bundle", e);
    }
  }

  private static byte[] pem(X509Certificate cert) {
    try {
      return Certificates.toPemBytes(cert);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
