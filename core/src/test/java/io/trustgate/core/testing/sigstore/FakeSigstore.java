package io.trustgate.core.testing.sigstore;

import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import dev.sigstore.rekor.client.HashedRekordRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A hermetic, in-process Sigstore for tests: it plays Fulcio, a CT log and Rekor with its own P-256
 * keys, plus an RFC 3161 timestamp authority ({@link FakeTsa}), and emits bundles that
 * sigstore-java verifies offline against {@link #trustedRootJson()}. Any identity, issuer, signing
 * time, {@link Defect} and mix of {@link TimeSources} can be produced.
 *
 * <pre>{@code
 * FakeSigstore sigstore = FakeSigstore.create();
 * Path trustedRoot = sigstore.writeTrustedRoot(dir);
 * byte[] bundle = sigstore.sign(manifestBytes, SignRequest.builder()
 *     .identity("https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0")
 *     .issuer("https://token.actions.githubusercontent.com")
 *     .build());
 * }</pre>
 *
 * <p>Instances are thread-safe.
 */
public final class FakeSigstore {

  public static final String TRUSTED_ROOT_FILE = "trusted_root.json";

  /** The trusted root admits these instants for signing; {@code signedAt} must lie inside. */
  public static final Instant VALID_FROM = FakeFulcio.CA_NOT_BEFORE;

  public static final Instant VALID_UNTIL = Instant.parse("2099-12-31T00:00:00Z");

  /** How long after the leaf's notAfter a CERT_EXPIRED_BEFORE_INTEGRATION entry is logged. */
  private static final Duration LATE_INTEGRATION = Duration.ofMinutes(5);

  private final SecureRandom random;
  private final FakeFulcio fulcio;
  private final FakeCtLog ctLog;
  private final FakeRekor rekor;
  private final FakeTsa tsa;
  private final List<RekorShard> rekorShards;
  private final byte[] trustedRoot;
  private FakeFulcio impostor; // created on first WRONG_CA request
  private FakeTsa impostorTsa; // created on first UNTRUSTED_TSA request

  /** One Rekor log key and the window the trusted root admits it for. */
  record RekorShard(FakeRekor rekor, Instant from, Instant until) {
    boolean covers(Instant t) {
      return !t.isBefore(from) && !t.isAfter(until);
    }
  }

  private FakeSigstore(SecureRandom random, String rekorBaseUrl) {
    this(random, rekorBaseUrl, null);
  }

  /** @param rotation when the second Rekor shard takes over, or null for a single log */
  private FakeSigstore(SecureRandom random, String rekorBaseUrl, Instant rotation) {
    this.random = random;
    this.fulcio = new FakeFulcio(random);
    this.ctLog = new FakeCtLog(EcKey.generate(random));
    this.rekor = new FakeRekor(EcKey.generate(random), random, rekorBaseUrl);
    // Created after the keys above, so a seed keeps giving the same CA, CT and Rekor keys.
    this.tsa = new FakeTsa(random);
    this.rekorShards =
        rotation == null
            ? List.of(new RekorShard(rekor, VALID_FROM, VALID_UNTIL))
            : List.of(
                new RekorShard(rekor, VALID_FROM, rotation),
                new RekorShard(
                    new FakeRekor(EcKey.generate(random), random, rekorBaseUrl),
                    rotation,
                    VALID_UNTIL));
    this.trustedRoot =
        SigstoreJson.trustedRoot(fulcio, ctLog, rekorShards, tsa, VALID_FROM, VALID_UNTIL);
  }

  /** A Sigstore with fresh random keys. */
  public static FakeSigstore create() {
    return withRekorAt(FakeRekor.DEFAULT_BASE_URL);
  }

  /**
   * A Sigstore with fresh random keys whose Rekor is at {@code rekorBaseUrl}, e.g. a private
   * instance at {@code http://localhost:3000}; checkpoints are signed under {@link #rekorOrigin()}.
   * When the URL has a port or path, sigstore-java 2.0.0 alone rejects its bundles: it expects the
   * checkpoint signed under the URL's host.
   */
  public static FakeSigstore withRekorAt(String rekorBaseUrl) {
    return new FakeSigstore(new SecureRandom(), rekorBaseUrl);
  }

  /**
   * A Sigstore whose keys, certificates and trusted root are the same on every run for the same
   * seed and JDK (bundles too, for the same sequence of requests with explicit signing times).
   */
  public static FakeSigstore create(long seed) {
    try {
      // SHA1PRNG seeded before first use is a deterministic generator; the default is not.
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return new FakeSigstore(random, FakeRekor.DEFAULT_BASE_URL);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
    }
  }

  /**
   * A Sigstore whose Rekor rotated to a new log key (a new shard) at {@code rotation}: the trusted
   * root lists shard 0 valid until {@code rotation} and shard 1 from then on, at the same URL, as
   * the public-good root lists Rekor's shards. Entries are logged by the shard valid at their
   * integrated time unless {@link TimeSources#loggedByShard(int)} says otherwise.
   */
  public static FakeSigstore withRekorShards(Instant rotation) {
    if (!rotation.isAfter(VALID_FROM) || !rotation.isBefore(VALID_UNTIL)) {
      throw new IllegalArgumentException("rotation must lie inside the trusted root window");
    }
    return new FakeSigstore(new SecureRandom(), FakeRekor.DEFAULT_BASE_URL, rotation);
  }

  /** {@code trusted_root.json} for this instance's CA, CT log, Rekor shards and TSA. */
  public byte[] trustedRootJson() {
    return trustedRoot.clone();
  }

  /** Writes {@value #TRUSTED_ROOT_FILE} into {@code dir} and returns its path. */
  public Path writeTrustedRoot(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.write(dir.resolve(TRUSTED_ROOT_FILE), trustedRoot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The origin checkpoints are signed under: Rekor's base URL without scheme, i.e. its host, plus
   * port and path when the URL has them.
   */
  public String rekorOrigin() {
    return rekor.origin;
  }

  /**
   * Signs {@code artifact} as cosign v3 keyless signing does by default, with both a signed entry
   * timestamp and an RFC 3161 timestamp, and returns the bundle JSON.
   */
  public byte[] sign(byte[] artifact, SignRequest request) {
    return sign(artifact, request, TimeSources.cosignV3());
  }

  /** Signs {@code artifact} with the given signing-time evidence and returns the bundle JSON. */
  public byte[] sign(byte[] artifact, SignRequest request, TimeSources times) {
    Instant notBefore = request.signedAt().truncatedTo(ChronoUnit.SECONDS);
    if (notBefore.isBefore(VALID_FROM) || notBefore.isAfter(VALID_UNTIL)) {
      throw new IllegalArgumentException(
          "signedAt %s is outside the trusted root window [%s, %s]"
              .formatted(notBefore, VALID_FROM, VALID_UNTIL));
    }
    Defect defect = request.defect();

    EcKey signer = EcKey.generate(random);
    FakeFulcio ca = defect == Defect.WRONG_CA ? impostor() : fulcio;
    X509Certificate leaf =
        ca.issueLeaf(
            signer.publicKey(), request, notBefore, defect == Defect.NO_SCT ? null : ctLog);

    byte[] digest = EcKey.sha256(artifact);
    byte[] signature =
        signer.sign(defect == Defect.SIGNATURE_OVER_OTHER_BYTES ? otherBytes(artifact) : artifact);

    Instant integratedTime =
        defect == Defect.CERT_EXPIRED_BEFORE_INTEGRATION
            ? leaf.getNotAfter().toInstant().plus(LATE_INTEGRATION)
            : notBefore;
    TransparencyLogEntry entry =
        shard(times, integratedTime)
            .log(hashedRekord(digest, leaf, signature), integratedTime, defect);
    if (!times.signedEntryTimestamp()) {
      entry = entry.toBuilder().clearInclusionPromise().build();
    }

    if (request.version() == BundleVersion.LEGACY_COSIGN) {
      return LegacyBundleWriter.write(
          leaf, signature, defect == Defect.NO_TLOG_ENTRY ? null : entry, null);
    }
    List<byte[]> timestamps =
        times.rfc3161() && defect != Defect.NO_SET_NO_TIMESTAMP
            ? List.of(timestamp(signature, notBefore.plus(times.rfc3161Offset()), times))
            : List.of();
    return SigstoreJson.bundle(
        request.version(),
        leaf,
        digest,
        signature,
        defect == Defect.NO_TLOG_ENTRY ? null : entry,
        timestamps);
  }

  /**
   * A DER RFC 3161 TimeStampResponse over {@code signature} at {@code generatedAt}, from this
   * instance's TSA, e.g. to add to a bundle made elsewhere.
   */
  public byte[] timestamp(byte[] signature, Instant generatedAt) {
    return tsa.timestamp(signature, generatedAt);
  }

  private byte[] timestamp(byte[] signature, Instant generatedAt, TimeSources times) {
    return switch (times.timestampDefect()) {
      case NONE -> tsa.timestamp(signature, generatedAt);
      case UNTRUSTED_TSA -> impostorTsa().timestamp(signature, generatedAt);
      case OTHER_IMPRINT -> tsa.timestamp(otherBytes(signature), generatedAt);
    };
  }

  private FakeRekor shard(TimeSources times, Instant integratedTime) {
    if (times.rekorShard() != TimeSources.SHARD_IN_FORCE) {
      return rekorShards.get(times.rekorShard()).rekor();
    }
    return rekorShards.stream()
        .filter(shard -> shard.covers(integratedTime))
        .reduce((earlier, later) -> later) // at the rotation instant, the new shard logs
        .orElseThrow()
        .rekor();
  }

  /**
   * The hashedrekord 0.0.1 body. sigstore-java rebuilds it from the bundle and compares strings, so
   * it is made by sigstore-java's own code (PEM line wrapping included).
   */
  private static String hashedRekord(byte[] digest, X509Certificate leaf, byte[] signature) {
    try {
      return HashedRekordRequest.newHashedRekordRequest(
              digest, Certificates.toPemBytes(leaf), signature)
          .toJsonPayload();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * This Rekor's signed entry timestamp over a hashedrekord {@code body} at {@code integratedTime}
   * and {@code logIndex}: what the log signs for any entry it accepts. Lets tests build log entries
   * that are genuine yet record other material than the bundle carrying them.
   */
  public byte[] rekorSignedEntryTimestamp(byte[] body, long integratedTime, long logIndex) {
    return rekor.signedEntryTimestamp(body, integratedTime, logIndex);
  }

  private static byte[] otherBytes(byte[] artifact) {
    byte[] suffix = "\nnot the signed artifact".getBytes(StandardCharsets.UTF_8);
    byte[] other = new byte[artifact.length + suffix.length];
    System.arraycopy(artifact, 0, other, 0, artifact.length);
    System.arraycopy(suffix, 0, other, artifact.length, suffix.length);
    return other;
  }

  private synchronized FakeTsa impostorTsa() {
    if (impostorTsa == null) {
      impostorTsa = new FakeTsa(random);
    }
    return impostorTsa;
  }

  private synchronized FakeFulcio impostor() {
    if (impostor == null) {
      impostor = new FakeFulcio(random);
    }
    return impostor;
  }
}
