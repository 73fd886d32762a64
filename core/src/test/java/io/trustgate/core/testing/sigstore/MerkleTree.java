package io.trustgate.core.testing.sigstore;

import java.util.ArrayList;
import java.util.List;

/** RFC 6962 §2.1 Merkle tree hashing and audit paths, enough for a handful of leaves. */
final class MerkleTree {

  private MerkleTree() {}

  static byte[] leafHash(byte[] entry) {
    return EcKey.sha256(new byte[] {0x00}, entry);
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    return EcKey.sha256(new byte[] {0x01}, left, right);
  }

  /** MTH(D[n]) over already-hashed leaves. */
  static byte[] root(List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (n == 1) {
      return leafHashes.get(0);
    }
    int k = split(n);
    return nodeHash(root(leafHashes.subList(0, k)), root(leafHashes.subList(k, n)));
  }

  /** PATH(m, D[n]): the sibling hashes from leaf m up to the root, bottom first. */
  static List<byte[]> auditPath(int m, List<byte[]> leafHashes) {
    int n = leafHashes.size();
    List<byte[]> path = new ArrayList<>();
    if (n == 1) {
      return path;
    }
    int k = split(n);
    if (m < k) {
      path.addAll(auditPath(m, leafHashes.subList(0, k)));
      path.add(root(leafHashes.subList(k, n)));
    } else {
      path.addAll(auditPath(m - k, leafHashes.subList(k, n)));
      path.add(root(leafHashes.subList(0, k)));
    }
    return path;
  }

  /** The largest power of two smaller than n. */
  private static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
