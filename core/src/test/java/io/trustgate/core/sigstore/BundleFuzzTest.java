package io.trustgate.core.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sigstore.bundle.Bundle;
import io.trustgate.core.testing.sigstore.BundleVersion;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.LegacyBundleWriter;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sigstore bundles, in every accepted format (protobuf JSON v0.1, v0.2, v0.3 in both media type
 * spellings, and cosign's legacy bundle), are the untrusted half of every verification.
 *
 * <p>Properties: bundle bytes are read into a bundle or rejected with a {@link Rejection}, nothing
 * else is thrown; {@link BundleVerifier#verify} never throws; and a bundle verifies only when it
 * reads to the content of a genuinely signed bundle (at most without optional evidence: its signed
 * entry timestamp or an RFC 3161 timestamp) for exactly the signed artifact: a mutation that
 * changes anything a verifier reads (a signature bit, a certificate byte, a log entry field, a
 * proof hash, the artifact) is never accepted.
 */
class BundleFuzzTest {
  private static final String IDENTITY =
      "https://github.com/acme/mvm/.github/workflows/release.yml@refs/tags/v1.2.3";
  private static final SignerIdentity SIGNER =
      new SignerIdentity(
          IdentityMatcher.exact(SignRequest.GITHUB_ACTIONS_ISSUER), IdentityMatcher.exact(IDENTITY));

  /** A genuinely signed bundle per accepted format, from the in-memory Sigstore. */
  private static final FakeSigstore SIGSTORE = FakeSigstore.create(14L);
  private static final BundleVerifier FAKE_VERIFIER =
      new BundleVerifier(TrustRoot.fromJson(SIGSTORE.trustedRootJson(), "fake sigstore"));
  private static final byte[] ARTIFACT = "trustgate release manifest\n".getBytes(StandardCharsets.UTF_8);
  private static final List<byte[]> SIGNED = signedInEveryFormat();

  /** Bundles signed by an independent implementation (sigstore-js), and their legacy forms. */
  private static final BundleVerifier JS_VERIFIER =
      CorpusFixtures.verifier(CorpusFixtures.jsCorpus("trusted_root.json"));
  private static final byte[] JS_ARTIFACT = CorpusFixtures.read(CorpusFixtures.jsCorpus("artifact.txt"));
  private static final List<Bundle> JS_GOOD = jsGood();

  /**
   * Input: bundle bytes (seeded with real bundles of every format). Verified against the
   * sigstore-js corpus root, they verify only as one of its good bundles.
   */
  @FuzzTest(maxDuration = "10s")
  void bundlesAreReadOrRejectedAndVerifyOnlyAsSigned(byte[] input) {
    BundleIntake.Intake intake;
    try {
      intake = BundleIntake.intake(input);
    } catch (Rejection r) {
      assertThat(r.toVerification().message()).isNotBlank();
      intake = null;
    }
    Verification v = JS_VERIFIER.verify(JS_ARTIFACT, input, SIGNER);
    assertThat(v.message()).isNotBlank().doesNotContain("\tat ");
    if (v.verified()) {
      assertThat(intake).as("a verified bundle was read").isNotNull();
      Bundle read = intake.bundle();
      assertThat(JS_GOOD.stream().anyMatch(good -> sameSignedContent(read, good)))
          .as("verified bundle is one that was signed: %s", new String(input, StandardCharsets.UTF_8))
          .isTrue();
    }
  }

  /**
   * Input: a mutation script over one genuinely signed bundle. Byte 0 picks the format; then each
   * 4-byte step {@code (position hi, position lo, operation, value)} overwrites, inserts, deletes
   * or bit-flips one byte of the bundle, or of the artifact when the operation says so. Whatever
   * the mutations, the result verifies only if it reads to the very bundle signed and the artifact
   * is the very one signed.
   */
  @FuzzTest(maxDuration = "10s")
  void mutatedBundlesNeverVerify(byte[] script) throws Rejection {
    if (script.length == 0) {
      return;
    }
    byte[] original = SIGNED.get(Math.floorMod(script[0], SIGNED.size()));
    byte[] bundle = original;
    byte[] artifact = ARTIFACT;
    for (int i = 1; i + 3 < script.length; i += 4) {
      int position = ((script[i] & 0xff) << 8) | (script[i + 1] & 0xff);
      int op = script[i + 2] & 0xff;
      byte value = script[i + 3];
      if (op % 8 == 7) {
        artifact = mutate(artifact, position, op / 8, value);
      } else {
        bundle = mutate(bundle, position, op, value);
      }
    }
    Verification v = FAKE_VERIFIER.verify(artifact, bundle, SIGNER);
    assertThat(v.message()).isNotBlank().doesNotContain("\tat ");
    if (v.verified()) {
      assertThat(artifact).as("verified over other bytes").isEqualTo(ARTIFACT);
      assertSameSignedContent(BundleIntake.intake(bundle).bundle(), BundleIntake.intake(original).bundle(),
          new String(bundle, StandardCharsets.UTF_8));
    }
  }

  /**
   * The signed content is the same: signature or envelope, certificates, and the log entry (body,
   * index, log, integrated time, inclusion proof). Optional evidence may be missing, never
   * different: a bundle without its signed entry timestamp or without an RFC 3161 timestamp is
   * still a valid bundle when the rest suffices (anyone may strip them; the fuzzer found that a
   * misspelt, hence unknown and ignored, "signedEntryTimestamp" key does exactly that).
   */
  static boolean sameSignedContent(Bundle read, Bundle signed) {
    if (!sameMessageSignature(read.getMessageSignature(), signed.getMessageSignature())
        || !read.getDsseEnvelope().equals(signed.getDsseEnvelope())
        || !read.getCertPath().equals(signed.getCertPath())
        || read.getEntries().size() != signed.getEntries().size()
        || !signed.getTimestamps().containsAll(read.getTimestamps())) {
      return false;
    }
    for (int i = 0; i < read.getEntries().size(); i++) {
      var a = read.getEntries().get(i);
      var b = signed.getEntries().get(i);
      String set = a.getVerification().getSignedEntryTimestamp();
      boolean same = a.getBody().equals(b.getBody())
          && a.getIntegratedTime() == b.getIntegratedTime()
          && a.getLogID().equals(b.getLogID())
          && a.getLogIndex() == b.getLogIndex()
          && java.util.Objects.equals(a.getVerification().getInclusionProof(), b.getVerification().getInclusionProof())
          && (set == null || set.isEmpty() || set.equals(b.getVerification().getSignedEntryTimestamp()));
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /**
   * The same signature bytes; the message digest, which identifies the artifact but never takes
   * part in verification (protobuf-specs), may be missing, never different. The fuzzer found a
   * misspelt "messageDigest" key, ignored as unknown, that leaves a bundle valid for its artifact.
   */
  private static boolean sameMessageSignature(
      java.util.Optional<Bundle.MessageSignature> read, java.util.Optional<Bundle.MessageSignature> signed) {
    if (read.isEmpty() || signed.isEmpty()) {
      return read.isEmpty() && signed.isEmpty();
    }
    Bundle.MessageSignature a = read.get();
    Bundle.MessageSignature b = signed.get();
    if (!Arrays.equals(a.getSignature(), b.getSignature())) {
      return false;
    }
    if (a.getMessageDigest().isEmpty()) {
      return true;
    }
    return b.getMessageDigest().isPresent()
        && a.getMessageDigest().get().getHashAlgorithm() == b.getMessageDigest().get().getHashAlgorithm()
        && Arrays.equals(a.getMessageDigest().get().getDigest(), b.getMessageDigest().get().getDigest());
  }

  private static void assertSameSignedContent(Bundle read, Bundle signed, String bytes) {
    assertThat(sameSignedContent(read, signed)).as("a mutated bundle verified: %s", bytes).isTrue();
  }

  private static byte[] mutate(byte[] in, int position, int op, byte value) {
    if (in.length == 0) {
      return new byte[] {value};
    }
    int at = position % in.length;
    switch (op % 4) {
      case 0 -> { // overwrite
        byte[] out = in.clone();
        out[at] = value;
        return out;
      }
      case 1 -> { // flip one bit
        byte[] out = in.clone();
        out[at] ^= (byte) (1 << (value & 7));
        return out;
      }
      case 2 -> { // insert
        byte[] out = new byte[in.length + 1];
        System.arraycopy(in, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(in, at, out, at + 1, in.length - at);
        return out;
      }
      default -> { // delete
        byte[] out = new byte[in.length - 1];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + 1, out, at, in.length - at - 1);
        return out;
      }
    }
  }

  private static List<byte[]> signedInEveryFormat() {
    List<byte[]> out = new ArrayList<>();
    Instant signedAt = Instant.parse("2026-05-01T12:00:00Z");
    for (BundleVersion version : BundleVersion.values()) {
      byte[] bundle = SIGSTORE.sign(ARTIFACT, SignRequest.builder()
          .identity(IDENTITY).signedAt(signedAt).version(version).build());
      Verification v = FAKE_VERIFIER.verify(ARTIFACT, bundle, SIGNER);
      if (!v.verified()) {
        throw new AssertionError(version + " bundle does not verify: " + v.message());
      }
      out.add(bundle);
    }
    return out;
  }

  private static List<Bundle> jsGood() {
    List<Bundle> out = new ArrayList<>();
    for (String name : List.of("good.sigstore.json", "good.v02.sigstore.json")) {
      byte[] bundle = CorpusFixtures.read(CorpusFixtures.jsCorpus(name));
      for (byte[] form : Arrays.asList(bundle, LegacyBundleWriter.fromSigstoreBundle(bundle))) {
        Verification v = JS_VERIFIER.verify(JS_ARTIFACT, form, SIGNER);
        if (!v.verified()) {
          throw new AssertionError(name + " does not verify: " + v.message());
        }
        try {
          out.add(BundleIntake.intake(form).bundle());
        } catch (Rejection r) {
          throw new AssertionError(r);
        }
      }
    }
    return out;
  }
}
