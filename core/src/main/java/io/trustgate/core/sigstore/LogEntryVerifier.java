package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;

import com.google.common.hash.Hashing;
import dev.sigstore.encryption.signers.Verifier;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.trustroot.TransparencyLog;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a Rekor log entry offline against the trusted root's transparency logs: the signed entry
 * timestamp when there is one, the inclusion proof, and the checkpoint the proof leads to ({@link
 * SignedCheckpoint}), which must be signed by the log under its {@link #origin}.
 *
 * <p>These are the steps of sigstore-java 2.0.0's RekorVerifier, whose checkpoint check cannot be
 * replaced: it wants the checkpoint signed under the host of the log's base URL, so it rejects
 * every log whose URL has a port or path. This one also requires the proof's index inside its tree
 * and the checkpoint's origin line and tree size to match. Instances are immutable and thread-safe.
 */
final class LogEntryVerifier {
  private final List<TransparencyLog> logs;

  LogEntryVerifier(List<TransparencyLog> logs) {
    this.logs = List.copyOf(logs);
  }

  /**
   * The origin a log signs its checkpoints under: its base URL without scheme, i.e. host, port and
   * path when present, without a trailing slash (the C2SP convention sigstore clients follow).
   */
  static String origin(URI baseUrl) {
    String host = baseUrl.getHost() == null ? "" : baseUrl.getHost();
    String port = baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort();
    String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceFirst("/+$", "");
    return host + port + path;
  }

  void verify(RekorEntry entry) throws Rejection {
    RekorEntry.InclusionProof proof = entry.getVerification().getInclusionProof();
    if (proof == null) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID, "The transparency log entry has no inclusion proof.");
    }
    TransparencyLog log = requireKnownLog(entry);
    PublicKey key = publicKey(log);
    requireSignedEntryTimestamp(entry, key);
    byte[] rootHash = requireInclusion(entry, proof);
    SignedCheckpoint checkpoint = SignedCheckpoint.parse(proof.getCheckpoint());
    checkpoint.requireSignedBy(origin(log.getBaseUrl()), log.getLogId().getKeyId(), key);
    checkpoint.requireTree(proof.getTreeSize(), rootHash);
  }

  /**
   * Verifies an entry that carries only the log's signed promise, as in a legacy cosign bundle:
   * the log must be in the trusted root and the signed entry timestamp must be its signature over
   * exactly the entry's body, integrated time, log id and log index. The validity of the log key at
   * the integrated time is {@link SigningTimes}' check.
   */
  void verifyPromise(RekorEntry entry) throws Rejection {
    String set = entry.getVerification().getSignedEntryTimestamp();
    if (set == null || set.isEmpty()) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID, "The transparency log entry has no signed entry timestamp.");
    }
    requireSignedEntryTimestamp(entry, publicKey(requireKnownLog(entry)));
  }

  private static PublicKey publicKey(TransparencyLog log) throws Rejection {
    try {
      return log.getPublicKey().toJavaPublicKey();
    } catch (GeneralSecurityException e) {
      throw unusableKey(e);
    }
  }

  /**
   * The trusted root's log whose key id the entry names. Refused naming the key id, so that an
   * operator can tell a log shard missing from their trusted root (a new Rekor shard, a private
   * instance) from a typo.
   */
  TransparencyLog requireKnownLog(RekorEntry entry) throws Rejection {
    Optional<TransparencyLog> log = log(entry);
    if (log.isEmpty()) {
      throw new Rejection(
          UNTRUSTED_ROOT,
          "The transparency log entry comes from a log not in the trusted root (log key id "
              + Messages.clean(String.valueOf(entry.getLogID()))
              + ").");
    }
    return log.get();
  }

  /**
   * Whether sigstore-java's RekorVerifier can verify this entry's checkpoint: it requires the
   * signature under the host of the log's base URL, which is the log's origin only when the URL has
   * no port and no path. True for an entry from a log not in the trusted root, which it rightly
   * rejects.
   */
  boolean sigstoreJavaCanVerifyCheckpoint(RekorEntry entry) {
    return log(entry)
        .map(log -> origin(log.getBaseUrl()).equals(log.getBaseUrl().getHost()))
        .orElse(true);
  }

  /** Whether {@code signature} is valid over {@code data}; malformed signatures are not. */
  static boolean verifies(PublicKey key, byte[] data, byte[] signature) throws Rejection {
    Verifier verifier;
    try {
      verifier = Verifiers.newVerifier(key);
    } catch (GeneralSecurityException e) {
      throw unusableKey(e);
    }
    try {
      return verifier.verify(data, signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Providers throw on signature encodings they cannot parse: not a valid signature.
      return false;
    }
  }

  private Optional<TransparencyLog> log(RekorEntry entry) {
    byte[] logId;
    try {
      logId = HexFormat.of().parseHex(entry.getLogID());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return TransparencyLog.find(logs, logId);
  }

  private static void requireSignedEntryTimestamp(RekorEntry entry, PublicKey key)
      throws Rejection {
    String set = entry.getVerification().getSignedEntryTimestamp();
    if (set == null || set.isEmpty()) {
      // Rekor v2 entries have none; SigningTimes then requires an RFC 3161 timestamp instead.
      return;
    }
    if (!verifies(key, entry.getSignableContent(), Base64.getDecoder().decode(set))) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          "The transparency log entry's signed entry timestamp is not the log's signature over"
              + " this entry (its body, integrated time, log index and log id).");
    }
  }

  /** Verifies the proof from the entry's leaf hash to the proof's root hash; returns that root. */
  private static byte[] requireInclusion(RekorEntry entry, RekorEntry.InclusionProof proof)
      throws Rejection {
    long index = proof.getLogIndex();
    long treeSize = proof.getTreeSize();
    // InclusionProofVerifier does not check that the index lies inside the tree.
    if (index < 0 || index >= treeSize) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          "The inclusion proof's index "
              + index
              + " is outside its tree of size "
              + treeSize
              + ".");
    }
    byte[] leafHash =
        Hashing.sha256()
            .newHasher()
            .putByte((byte) 0x00) // RFC 6962 leaf prefix
            .putBytes(Base64.getDecoder().decode(entry.getBody()))
            .hash()
            .asBytes();
    HexFormat hex = HexFormat.of();
    List<byte[]> path = proof.getHashes().stream().map(hex::parseHex).toList();
    byte[] rootHash = hex.parseHex(proof.getRootHash());
    try {
      InclusionProofVerifier.verify(leafHash, index, treeSize, path, rootHash);
    } catch (InclusionProofVerificationException e) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID,
          "The inclusion proof does not lead from the entry to the proof's root hash.");
    }
    return rootHash;
  }

  private static Rejection unusableKey(GeneralSecurityException e) {
    return new Rejection(
        UNTRUSTED_ROOT,
        "The trusted root's key for the transparency log cannot verify signatures: "
            + Messages.detail(e)
            + ".");
  }
}
