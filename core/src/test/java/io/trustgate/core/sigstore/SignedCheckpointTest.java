package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpoint notes built and signed here, each breaking one rule of the format or the checks. */
class SignedCheckpointTest {
  private static final String ORIGIN = "rekor.trustgate.test:8443";
  private static final KeyPair LOG = generate("EC");
  private static final byte[] LOG_ID = sha256(LOG.getPublic().getEncoded());
  private static final long SIZE = 42;
  private static final byte[] ROOT = sha256("root".getBytes(StandardCharsets.UTF_8));
  private static final String TEXT = text(ORIGIN);

  @Test
  void acceptsTheLogsSignatureAndReadsTheTree() throws Rejection {
    SignedCheckpoint checkpoint = SignedCheckpoint.parse(TEXT + "\n" + logLine(TEXT));

    assertThat(checkpoint.origin()).isEqualTo(ORIGIN);
    assertThat(checkpoint.size()).isEqualTo(SIZE);
    assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
    assertThat(checkpoint.signatures()).hasSize(1);
    assertThatCode(() -> verify(TEXT + "\n" + logLine(TEXT))).doesNotThrowAnyException();
  }

  @Test
  void acceptsRekorV1OriginLineWithTreeIdAndExtensionLines() throws Rejection {
    String text =
        ORIGIN + " - 1193050959916656506\n" + SIZE + "\n" + b64(ROOT) + "\nTimestamp: 1675209600\n";
    verify(text + "\n" + logLine(text));
    assertThat(SignedCheckpoint.parse(text + "\n" + logLine(text)).origin()).isEqualTo(ORIGIN);
  }

  @Test
  void ignoresCosignaturesFromOtherNamesOrKeysInAnyOrder() throws Rejection {
    KeyPair witness = generate("EC");
    String byWitness =
        line("witness.example/w1", sha256(witness.getPublic().getEncoded()), sign(witness, TEXT));
    String sameNameOtherKey = line(ORIGIN, new byte[] {9, 9, 9, 9}, sign(witness, TEXT));
    String garbageFromOtherName = line("witness.example/w2", new byte[] {1, 2, 3, 4}, new byte[64]);

    verify(TEXT + "\n" + byWitness + sameNameOtherKey + logLine(TEXT) + garbageFromOtherName);
  }

  @Test
  void acceptsAnEd25519Log() throws Rejection {
    KeyPair ed = generate("Ed25519");
    byte[] logId = sha256(ed.getPublic().getEncoded());
    SignedCheckpoint checkpoint =
        SignedCheckpoint.parse(TEXT + "\n" + line(ORIGIN, logId, sign(ed, TEXT)));
    checkpoint.requireSignedBy(ORIGIN, logId, ed.getPublic());
  }

  @Test
  void rejectsATextNamingAnotherOrigin() {
    // The bare host is what sigstore-java expects; the log at a port signs under host:port.
    String text = text("rekor.trustgate.test");
    assertRejected(text + "\n" + logLine(text), "names the origin rekor.trustgate.test, not");
  }

  @Test
  void rejectsTheLogsSignatureUnderAnotherName() {
    String hostOnly = line("rekor.trustgate.test", LOG_ID, sign(LOG, TEXT));
    assertRejected(TEXT + "\n" + hostOnly, "no signature by the log");
  }

  @Test
  void rejectsAnUnknownKeyHint() {
    byte[] otherHint = LOG_ID.clone();
    otherHint[0] ^= 0x04;
    assertRejected(
        TEXT + "\n" + line(ORIGIN, otherHint, sign(LOG, TEXT)), "no signature by the log");
  }

  @Test
  void rejectsATamperedText() {
    String tampered = TEXT.replace("\n" + SIZE + "\n", "\n" + (SIZE + 1) + "\n");
    assertRejected(tampered + "\n" + logLine(TEXT), "signature on it is not valid");
  }

  @Test
  void rejectsAnotherKeysSignatureUnderTheLogsNameAndHint() {
    byte[] forged = sign(generate("EC"), TEXT);
    assertRejected(TEXT + "\n" + line(ORIGIN, LOG_ID, forged), "signature on it is not valid");
  }

  @Test
  void rejectsWhenAnySignatureClaimingToBeTheLogsIsInvalid() {
    byte[] bad = sign(LOG, TEXT + "other");
    assertRejected(
        TEXT + "\n" + logLine(TEXT) + line(ORIGIN, LOG_ID, bad), "signature on it is not valid");
  }

  @Test
  void rejectsAnotherRootHashOrTreeSize() throws Rejection {
    SignedCheckpoint checkpoint = SignedCheckpoint.parse(TEXT + "\n" + logLine(TEXT));
    checkpoint.requireSignedBy(ORIGIN, LOG_ID, LOG.getPublic());

    byte[] otherRoot = ROOT.clone();
    otherRoot[31] ^= 0x01;
    assertThatThrownBy(() -> checkpoint.requireTree(SIZE, otherRoot))
        .isInstanceOfSatisfying(Rejection.class, r -> assertLogInvalid(r, "root hash"));
    assertThatThrownBy(() -> checkpoint.requireTree(SIZE + 1, ROOT))
        .isInstanceOfSatisfying(Rejection.class, r -> assertLogInvalid(r, "tree of size 42"));
  }

  @Test
  void rejectsANoteWithoutTheBlankLine() {
    assertRejected(TEXT + logLine(TEXT), "separated by one blank line");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "origin\n42\n", // no root hash
        "origin\nROOT\n", // no size
        "42\nROOT\n", // no origin
        "\n42\nROOT\n", // empty origin
        "origin\n+42\nROOT\n",
        "origin\n042\nROOT\n",
        "origin\n99999999999999999999\nROOT\n",
        "origin\n42\nnot base64!\n",
        "origin\n42\nROOT\n\nextension after a blank line\n",
        "origin\n42\nROOT\r\n",
      })
  void rejectsMalformedTexts(String text) {
    String withRoot = text.replace("ROOT", b64(ROOT));
    assertRejected(withRoot + "\n" + logLine(withRoot), "malformed");
  }

  @Test
  void rejectsMalformedSignatureBlocks() {
    String good = logLine(TEXT);
    assertRejected(TEXT + "\n", "no signature lines");
    assertRejected(TEXT + "\n" + good.strip(), "do not end with a newline");
    assertRejected(TEXT + "\n" + good + "\n", "one blank line");
    assertRejected(TEXT + "\n" + good.replace("\u2014", "-"), "signature line is not");
    assertRejected(TEXT + "\n" + good.replace(ORIGIN + " ", ORIGIN + "  "), "signature line");
    assertRejected(TEXT + "\n" + "\u2014 " + ORIGIN + " AAAA\n", "shorter than its 4-byte key");
    assertRejected(TEXT + "\n" + "\u2014 " + ORIGIN + " %%%%\n", "not base64");
    assertRejected(
        TEXT + "\n" + good.repeat(SignedCheckpoint.MAX_SIGNATURES + 1), "more than 20 signatures");
  }

  private static void verify(String note) throws Rejection {
    SignedCheckpoint checkpoint = SignedCheckpoint.parse(note);
    checkpoint.requireSignedBy(ORIGIN, LOG_ID, LOG.getPublic());
    checkpoint.requireTree(SIZE, ROOT);
  }

  private static void assertRejected(String note, String reason) {
    assertThatThrownBy(() -> verify(note))
        .isInstanceOfSatisfying(Rejection.class, r -> assertLogInvalid(r, reason));
  }

  private static void assertLogInvalid(Rejection r, String reason) {
    assertThat(r.failure()).isEqualTo(TRANSPARENCY_LOG_INVALID);
    assertThat(r.getMessage()).contains(reason).endsWith(".").doesNotContain("\n");
  }

  private static String text(String origin) {
    return origin + "\n" + SIZE + "\n" + b64(ROOT) + "\n";
  }

  private static String logLine(String text) {
    return line(ORIGIN, LOG_ID, sign(LOG, text));
  }

  /** {@code "— <name> base64(first 4 bytes of keyId ‖ signature)"} and its newline. */
  private static String line(String name, byte[] keyId, byte[] signature) {
    byte[] hintAndSignature = Arrays.copyOf(keyId, 4 + signature.length);
    System.arraycopy(signature, 0, hintAndSignature, 4, signature.length);
    return "\u2014 " + name + " " + b64(hintAndSignature) + "\n";
  }

  private static byte[] sign(KeyPair key, String text) {
    try {
      Signature signer =
          Signature.getInstance(
              key.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519");
      signer.initSign(key.getPrivate());
      signer.update(text.getBytes(StandardCharsets.UTF_8));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
