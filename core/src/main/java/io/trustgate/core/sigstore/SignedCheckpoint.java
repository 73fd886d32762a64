package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transparency log checkpoint: a C2SP signed note whose text is a C2SP tlog-checkpoint, and the
 * checks that the log signed it and that it commits to the tree an inclusion proof reaches.
 *
 * <p>The note is its text, a blank line, then one line per signature, {@code "— <name> <base64(key
 * hint ‖ signature)>"}. The text is the origin, the tree size in decimal, the base64 root hash,
 * then optional extension lines. Rekor v1 writes the origin line as {@code "<origin> - <tree id>"};
 * {@link #origin()} is the part before {@code " - "}. Witnesses add cosignatures under other names
 * or keys; those are ignored.
 *
 * <p>This replaces sigstore-java 2.0.0's checkpoint check, which matches the signature name against
 * the host of the log's base URL only. Logs sign under their origin, the base URL without scheme
 * ({@link LogEntryVerifier#origin}), which keeps a port or path: a log at {@code
 * http://localhost:8000} signs as {@code localhost:8000}. sigstore-java also compares neither the
 * origin line nor the tree size with anything; this does.
 *
 * @param origin the log origin the text names (without a Rekor v1 tree id)
 * @param text the signed text, the note up to and including the newline before the blank line
 */
record SignedCheckpoint(
    String origin, long size, byte[] rootHash, byte[] text, List<NoteSignature> signatures) {

  /** One signature line. */
  record NoteSignature(String name, byte[] keyHint, byte[] signature) {}

  /** As sigstore-java: a checkpoint is small; refuse to verify an unbounded list of lines. */
  static final int MAX_SIGNATURES = 20;

  private static final String SIGNATURE_PREFIX = "\u2014 ";
  private static final Pattern REKOR_V1_ORIGIN = Pattern.compile("(.+) - [0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

  SignedCheckpoint {
    signatures = List.copyOf(signatures);
  }

  /** Parses the note; any deviation from the format is a rejection, never a guess. */
  static SignedCheckpoint parse(String note) throws Rejection {
    if (note == null || note.isEmpty()) {
      throw malformed("the inclusion proof has no checkpoint");
    }
    if (note.chars().anyMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f)) {
      throw malformed("it contains control characters");
    }
    int blank = note.indexOf("\n\n");
    if (blank < 0 || note.indexOf("\n\n", blank + 1) >= 0) {
      throw malformed("it is not a text and a signature block separated by one blank line");
    }
    String text = note.substring(0, blank + 1);
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3 || lines[0].isEmpty()) {
      throw malformed("its text does not hold an origin, a tree size and a root hash");
    }
    Matcher v1 = REKOR_V1_ORIGIN.matcher(lines[0]);
    String origin = v1.matches() ? v1.group(1) : lines[0];
    return new SignedCheckpoint(
        origin,
        treeSize(lines[1]),
        base64(lines[2], "its root hash"),
        text.getBytes(StandardCharsets.UTF_8),
        signatures(note.substring(blank + 2)));
  }

  /**
   * Requires the log's own signature: at least one signature line under the log's origin with the
   * log's key hint, and every such line valid over the text with the log's key (a note verifier
   * does not pick the one that verifies among several claiming to be the log).
   *
   * @param logOrigin the log's origin, see {@link LogEntryVerifier#origin}
   * @param logId the log's id in the trusted root; its first 4 bytes are the key hint
   */
  void requireSignedBy(String logOrigin, byte[] logId, PublicKey logKey) throws Rejection {
    if (!origin.equals(logOrigin)) {
      throw invalid(
          "it names the origin " + Messages.clean(origin) + ", not the log's " + logOrigin);
    }
    byte[] keyHint = Arrays.copyOf(logId, 4);
    List<NoteSignature> byLog =
        signatures.stream()
            .filter(s -> s.name().equals(logOrigin) && Arrays.equals(s.keyHint(), keyHint))
            .toList();
    if (byLog.isEmpty()) {
      throw invalid(
          "it carries no signature by the log ("
              + logOrigin
              + ", key hint "
              + HexFormat.of().formatHex(keyHint)
              + ")");
    }
    for (NoteSignature signature : byLog) {
      if (!LogEntryVerifier.verifies(logKey, text, signature.signature())) {
        throw invalid("the log's signature on it is not valid");
      }
    }
  }

  /** Requires the checkpoint to be for the tree the inclusion proof was verified against. */
  void requireTree(long treeSize, byte[] treeRootHash) throws Rejection {
    if (size != treeSize) {
      throw invalid(
          "it is for a tree of size " + size + ", the inclusion proof for one of size " + treeSize);
    }
    if (!MessageDigest.isEqual(rootHash, treeRootHash)) {
      throw invalid("its root hash is not the one the inclusion proof reaches");
    }
  }

  private static long treeSize(String line) throws Rejection {
    if (!DECIMAL.matcher(line).matches()) {
      throw malformed("its tree size is not a decimal number");
    }
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw malformed("its tree size is out of range");
    }
  }

  private static List<NoteSignature> signatures(String block) throws Rejection {
    if (block.isEmpty() || !block.endsWith("\n")) {
      throw malformed("it has no signature lines, or they do not end with a newline");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed("it has more than " + MAX_SIGNATURES + " signatures");
    }
    List<NoteSignature> signatures = new ArrayList<>();
    for (String line : lines) {
      String[] parts =
          line.startsWith(SIGNATURE_PREFIX)
              ? line.substring(SIGNATURE_PREFIX.length()).split(" ", -1)
              : new String[0];
      if (parts.length != 2 || parts[0].isEmpty()) {
        throw malformed("a signature line is not \"— <name> <base64 signature>\"");
      }
      byte[] hintAndSignature = base64(parts[1], "a signature");
      if (hintAndSignature.length < 5) {
        throw malformed("a signature is shorter than its 4-byte key hint plus one byte");
      }
      signatures.add(
          new NoteSignature(
              parts[0],
              Arrays.copyOfRange(hintAndSignature, 0, 4),
              Arrays.copyOfRange(hintAndSignature, 4, hintAndSignature.length)));
    }
    return signatures;
  }

  private static byte[] base64(String value, String what) throws Rejection {
    try {
      byte[] decoded = Base64.getDecoder().decode(value);
      if (decoded.length > 0) {
        return decoded;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw malformed(what + " is not base64");
  }

  private static Rejection malformed(String reason) {
    return new Rejection(
        TRANSPARENCY_LOG_INVALID, "The transparency log checkpoint is malformed: " + reason + ".");
  }

  private static Rejection invalid(String reason) {
    return new Rejection(
        TRANSPARENCY_LOG_INVALID,
        "The transparency log checkpoint does not verify: " + reason + ".");
  }
}
