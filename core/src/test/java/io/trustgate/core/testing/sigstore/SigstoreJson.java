package io.trustgate.core.testing.sigstore;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.sigstore.proto.bundle.v1.Bundle;
import dev.sigstore.proto.bundle.v1.TimestampVerificationData;
import dev.sigstore.proto.bundle.v1.VerificationMaterial;
import dev.sigstore.proto.common.v1.DistinguishedName;
import dev.sigstore.proto.common.v1.HashAlgorithm;
import dev.sigstore.proto.common.v1.HashOutput;
import dev.sigstore.proto.common.v1.LogId;
import dev.sigstore.proto.common.v1.MessageSignature;
import dev.sigstore.proto.common.v1.PublicKey;
import dev.sigstore.proto.common.v1.PublicKeyDetails;
import dev.sigstore.proto.common.v1.RFC3161SignedTimestamp;
import dev.sigstore.proto.common.v1.TimeRange;
import dev.sigstore.proto.common.v1.X509Certificate;
import dev.sigstore.proto.common.v1.X509CertificateChain;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import dev.sigstore.proto.trustroot.v1.CertificateAuthority;
import dev.sigstore.proto.trustroot.v1.TransparencyLogInstance;
import dev.sigstore.proto.trustroot.v1.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Serialises bundles and the trusted root with the Sigstore protobuf messages and JsonFormat. */
final class SigstoreJson {

  static final String TRUSTED_ROOT_MEDIA_TYPE =
      "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

  private SigstoreJson() {}

  /**
   * A message-signature bundle.
   *
   * @param entry the Rekor entry, or null for a bundle without any
   */
  static byte[] bundle(
      BundleVersion version,
      java.security.cert.X509Certificate leaf,
      byte[] digest,
      byte[] signature,
      TransparencyLogEntry entry) {
    return bundle(version, leaf, digest, signature, entry, List.of());
  }

  /**
   * A message-signature bundle with RFC 3161 timestamps.
   *
   * @param entry the Rekor entry, or null for a bundle without any
   * @param timestamps DER TimeStampResponses, none for a bundle without timestamps
   */
  static byte[] bundle(
      BundleVersion version,
      java.security.cert.X509Certificate leaf,
      byte[] digest,
      byte[] signature,
      TransparencyLogEntry entry,
      List<byte[]> timestamps) {
    VerificationMaterial.Builder material = VerificationMaterial.newBuilder();
    if (version.singleCertificate()) {
      material.setCertificate(certificate(leaf));
    } else {
      // Leaf only: verifiers append the chain from the trusted root themselves.
      material.setX509CertificateChain(
          X509CertificateChain.newBuilder().addCertificates(certificate(leaf)));
    }
    if (entry != null) {
      material.addTlogEntries(entry);
    }
    if (!timestamps.isEmpty()) {
      TimestampVerificationData.Builder data = TimestampVerificationData.newBuilder();
      timestamps.forEach(
          t ->
              data.addRfc3161Timestamps(
                  RFC3161SignedTimestamp.newBuilder().setSignedTimestamp(ByteString.copyFrom(t))));
      material.setTimestampVerificationData(data);
    }
    Bundle bundle =
        Bundle.newBuilder()
            .setMediaType(version.mediaType())
            .setVerificationMaterial(material)
            .setMessageSignature(
                MessageSignature.newBuilder()
                    .setMessageDigest(
                        HashOutput.newBuilder()
                            .setAlgorithm(HashAlgorithm.SHA2_256)
                            .setDigest(ByteString.copyFrom(digest)))
                    .setSignature(ByteString.copyFrom(signature)))
            .build();
    return print(bundle);
  }

  /** One CA, one CT log and one Rekor log, each valid over {@code [from, until]}. */
  static byte[] trustedRoot(
      FakeFulcio fulcio, FakeCtLog ctLog, FakeRekor rekor, Instant from, Instant until) {
    return trustedRoot(
        fulcio, ctLog, List.of(new FakeSigstore.RekorShard(rekor, from, until)), null, from, until);
  }

  /**
   * One CA and one CT log, each valid over {@code [from, until]}, one TSA valid from {@code from},
   * and Rekor log shards each valid over its own window.
   *
   * @param tsa the timestamp authority, or null for a root without one
   */
  static byte[] trustedRoot(
      FakeFulcio fulcio,
      FakeCtLog ctLog,
      List<FakeSigstore.RekorShard> rekorShards,
      FakeTsa tsa,
      Instant from,
      Instant until) {
    TimeRange validFor = range(from, until);
    X509CertificateChain.Builder chain = X509CertificateChain.newBuilder();
    fulcio.chain().forEach(cert -> chain.addCertificates(certificate(cert)));
    TrustedRoot.Builder root = TrustedRoot.newBuilder().setMediaType(TRUSTED_ROOT_MEDIA_TYPE);
    for (FakeSigstore.RekorShard shard : rekorShards) {
      root.addTlogs(
          log(shard.rekor().baseUrl, shard.rekor().key, range(shard.from(), shard.until())));
    }
    root.addCertificateAuthorities(
            CertificateAuthority.newBuilder()
                .setSubject(
                    DistinguishedName.newBuilder()
                        .setOrganization(FakeFulcio.ORGANIZATION)
                        .setCommonName(FakeFulcio.ROOT_NAME))
                .setUri(FakeFulcio.URI)
                .setCertChain(chain)
                .setValidFor(validFor))
        .addCtlogs(log(FakeCtLog.BASE_URL, ctLog.key, validFor));
    if (tsa != null) {
      X509CertificateChain.Builder tsaChain = X509CertificateChain.newBuilder();
      tsa.chain().forEach(cert -> tsaChain.addCertificates(certificate(cert)));
      root.addTimestampAuthorities(
          CertificateAuthority.newBuilder()
              .setSubject(
                  DistinguishedName.newBuilder()
                      .setOrganization(FakeFulcio.ORGANIZATION)
                      .setCommonName(FakeTsa.ROOT_NAME))
              .setUri(FakeTsa.URI)
              .setCertChain(tsaChain)
              .setValidFor(range(from, FakeTsa.TRUSTED_UNTIL)));
    }
    return print(root.build());
  }

  private static TimeRange range(Instant from, Instant until) {
    return TimeRange.newBuilder()
        .setStart(Timestamps.fromMillis(from.toEpochMilli()))
        .setEnd(Timestamps.fromMillis(until.toEpochMilli()))
        .build();
  }

  private static TransparencyLogInstance log(String baseUrl, EcKey key, TimeRange validFor) {
    return TransparencyLogInstance.newBuilder()
        .setBaseUrl(baseUrl)
        .setHashAlgorithm(HashAlgorithm.SHA2_256)
        .setPublicKey(
            PublicKey.newBuilder()
                .setRawBytes(ByteString.copyFrom(key.spki()))
                .setKeyDetails(PublicKeyDetails.PKIX_ECDSA_P256_SHA_256)
                .setValidFor(validFor))
        .setLogId(LogId.newBuilder().setKeyId(ByteString.copyFrom(key.keyId())))
        .build();
  }

  private static X509Certificate certificate(java.security.cert.X509Certificate cert) {
    try {
      return X509Certificate.newBuilder()
          .setRawBytes(ByteString.copyFrom(cert.getEncoded()))
          .build();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] print(MessageOrBuilder message) {
    try {
      return JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
