package io.trustgate.core.testing.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.sigstore.proto.common.v1.LogId;
import dev.sigstore.proto.rekor.v1.Checkpoint;
import dev.sigstore.proto.rekor.v1.InclusionPromise;
import dev.sigstore.proto.rekor.v1.InclusionProof;
import dev.sigstore.proto.rekor.v1.KindVersion;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Rekor that logs one hashedrekord per call: it places the entry among a few dummy leaves, signs
 * a checkpoint over the tree, and signs an inclusion promise (SET). Each entry lives in its own
 * small tree, which is all a verifier can observe from a bundle.
 */
final class FakeRekor {

  static final String DEFAULT_BASE_URL = "https://rekor.trustgate.test";

  private static final int TREE_SIZE = 7;
  private static final ObjectMapper JSON = new ObjectMapper();

  final EcKey key;
  final String baseUrl;

  /** The name the log signs checkpoints under: its base URL without scheme (C2SP convention). */
  final String origin;

  private final SecureRandom random;
  private final long treeId;
  private final AtomicLong entries = new AtomicLong();

  FakeRekor(EcKey key, SecureRandom random, String baseUrl) {
    this.key = key;
    this.baseUrl = baseUrl;
    this.origin = baseUrl.replaceFirst("^[a-z]+://", "").replaceFirst("/+$", "");
    this.random = random;
    this.treeId = random.nextLong() & Long.MAX_VALUE;
  }

  /** Logs {@code body} (the canonical hashedrekord JSON), building in the log-side defects. */
  TransparencyLogEntry log(String body, Instant integratedTime, Defect defect) {
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    // Vary the position so successive entries exercise different audit path shapes.
    int index = (int) (entries.getAndIncrement() % TREE_SIZE);
    long seconds = integratedTime.getEpochSecond();

    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < TREE_SIZE; i++) {
      leaves.add(
          MerkleTree.leafHash(
              i == index ? bodyBytes : ("dummy entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    byte[] root = MerkleTree.root(leaves);
    List<byte[]> path = MerkleTree.auditPath(index, leaves);
    if (defect == Defect.BAD_INCLUSION_PROOF) {
      byte[] tampered = path.get(0).clone();
      tampered[0] ^= 0x01;
      path.set(0, tampered);
    }

    InclusionProof.Builder proof =
        InclusionProof.newBuilder()
            .setLogIndex(index)
            .setTreeSize(TREE_SIZE)
            .setRootHash(ByteString.copyFrom(root))
            .setCheckpoint(
                Checkpoint.newBuilder()
                    .setEnvelope(checkpoint(root, defect == Defect.BAD_CHECKPOINT)));
    path.forEach(hash -> proof.addHashes(ByteString.copyFrom(hash)));

    TransparencyLogEntry.Builder entry =
        TransparencyLogEntry.newBuilder()
            .setLogIndex(index)
            .setLogId(LogId.newBuilder().setKeyId(ByteString.copyFrom(key.keyId())))
            .setKindVersion(KindVersion.newBuilder().setKind("hashedrekord").setVersion("0.0.1"))
            .setIntegratedTime(seconds)
            .setInclusionProof(proof)
            .setCanonicalizedBody(ByteString.copyFrom(bodyBytes));
    if (defect != Defect.NO_SET_NO_TIMESTAMP) {
      // A bad SET is a genuine log signature over a different integrated time.
      long promisedTime =
          defect == Defect.BAD_SET ? seconds - Duration.ofHours(1).toSeconds() : seconds;
      byte[] set =
          key.sign(canonicalJson(promisePayload(bodyBytes, promisedTime, key.keyId(), index)));
      entry.setInclusionPromise(
          InclusionPromise.newBuilder().setSignedEntryTimestamp(ByteString.copyFrom(set)));
    }
    return entry.build();
  }

  /** The SET this log signs for {@code body} logged at {@code integratedTime}, {@code logIndex}. */
  byte[] signedEntryTimestamp(byte[] body, long integratedTime, long logIndex) {
    return key.sign(canonicalJson(promisePayload(body, integratedTime, key.keyId(), logIndex)));
  }

  /**
   * A signed note: {@code "<origin> - <tree id>\n<size>\n<base64 root>\n"}, a blank line, then
   * {@code "— <name> base64(key hint ‖ signature)"}. The key hint is the first 4 bytes of the log
   * id.
   */
  private String checkpoint(byte[] root, boolean forged) {
    String note =
        "%s - %d\n%d\n%s\n"
            .formatted(origin, treeId, TREE_SIZE, Base64.getEncoder().encodeToString(root));
    EcKey signer = forged ? EcKey.generate(random) : key;
    byte[] signature = signer.sign(note.getBytes(StandardCharsets.UTF_8));
    byte[] hintAndSignature = new byte[4 + signature.length];
    System.arraycopy(key.keyId(), 0, hintAndSignature, 0, 4);
    System.arraycopy(signature, 0, hintAndSignature, 4, signature.length);
    return note
        + "\n\u2014 %s %s\n"
            .formatted(origin, Base64.getEncoder().encodeToString(hintAndSignature));
  }

  /**
   * The four fields the SET signs, in sorted order; serialised without whitespace this is their
   * canonical JSON. The same fields form the {@code Payload} of a legacy cosign bundle.
   */
  static Map<String, Object> promisePayload(
      byte[] body, long integratedTime, byte[] logId, long logIndex) {
    Map<String, Object> payload = new TreeMap<>();
    payload.put("body", Base64.getEncoder().encodeToString(body));
    payload.put("integratedTime", integratedTime);
    payload.put("logID", HexFormat.of().formatHex(logId));
    payload.put("logIndex", logIndex);
    return payload;
  }

  private static byte[] canonicalJson(Map<String, Object> sorted) {
    try {
      return JSON.writeValueAsBytes(sorted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
