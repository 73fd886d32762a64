package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNSUPPORTED_BUNDLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every shape becomes a failed Verification with the right reason, never a throw. */
class BundleVerifierRobustnessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IDENTITY =
      "https://github.com/acme/mvm/.github/workflows/release.yml@refs/tags/v1.2.3";
  private static final SignerIdentity SIGNER =
      new SignerIdentity(
          IdentityMatcher.exact("https://token.actions.githubusercontent.com"),
          IdentityMatcher.exact(IDENTITY));

  private final BundleVerifier verifier =
      CorpusFixtures.verifier(CorpusFixtures.jsCorpus("trusted_root.json"));
  private final byte[] artifact = CorpusFixtures.read(CorpusFixtures.jsCorpus("artifact.txt"));
  private final byte[] goodBundle =
      CorpusFixtures.read(CorpusFixtures.jsCorpus("good.sigstore.json"));

  @Test
  void verifiesTheGoodBundleAndReportsSignerIssuerAndIntegratedTime() throws IOException {
    Verification v = verifier.verify(artifact, goodBundle, SIGNER);
    long integratedTime =
        JSON.readTree(goodBundle).at("/verificationMaterial/tlogEntries/0/integratedTime").asLong();
    assertThat(v.verified()).as(v.message()).isTrue();
    assertThat(v.failure()).isNull();
    assertThat(v.signerIdentity()).isEqualTo(IDENTITY);
    assertThat(v.signerIssuer()).isEqualTo("https://token.actions.githubusercontent.com");
    assertThat(v.integratedTime()).isEqualTo(Instant.ofEpochSecond(integratedTime));
  }

  @Test
  void rejectsEmptyBytesAsMalformed() {
    assertFails(new byte[0], BUNDLE_MALFORMED, "empty");
  }

  @Test
  void rejectsWhitespaceOnlyAsMalformed() {
    assertFails(bytes("  \n "), BUNDLE_MALFORMED, "empty");
  }

  @Test
  void rejectsAJsonArrayAsMalformed() {
    assertFails(bytes("[]"), BUNDLE_MALFORMED, "not an object");
  }

  @Test
  void rejectsAnEmptyObjectAsMalformed() {
    assertFails(bytes("{}"), BUNDLE_MALFORMED, "no mediaType");
  }

  @Test
  void rejectsTruncatedJsonAsMalformed() {
    assertFails(
        Arrays.copyOf(goodBundle, goodBundle.length / 2), BUNDLE_MALFORMED, "not valid JSON");
  }

  @Test
  void rejectsNonJsonGarbageAsMalformed() {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    assertFails(garbage, BUNDLE_MALFORMED, "");
  }

  @Test
  void rejectsABundleLargerThanOneMebibyteBeforeParsing() {
    byte[] blob = new byte[2 * 1024 * 1024];
    Arrays.fill(blob, (byte) '{');
    assertFails(blob, BUNDLE_MALFORMED, "more than the limit of 1048576 bytes");
  }

  @Test
  void rejectsDeeplyNestedJsonWithoutOverflowingTheStack() {
    assertFails(bytes("[".repeat(500_000)), BUNDLE_MALFORMED, "not valid JSON");
  }

  @Test
  void rejectsDuplicateKeysAsMalformed() {
    String json = new String(goodBundle, StandardCharsets.UTF_8);
    String duplicated = json.replaceFirst("\\{", "{\"mediaType\":\"x\",");
    assertFails(bytes(duplicated), BUNDLE_MALFORMED, "Duplicate field");
  }

  @Test
  void readsALegacyCosignBundleStrictlyAndSaysWhichFieldIsWrong() throws IOException {
    ObjectNode legacy = JSON.createObjectNode();
    legacy.put("base64Signature", "MEUCIQD=");
    legacy.put("cert", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t");
    legacy
        .putObject("rekorBundle")
        .put("SignedEntryTimestamp", "MEUCIQD=")
        .putObject("Payload")
        .put("integratedTime", 1700000000);
    assertFails(JSON.writeValueAsBytes(legacy), BUNDLE_MALFORMED, "legacy cosign bundle's cert");
  }

  @Test
  void rejectsAnUnknownMediaTypeAsUnsupported() {
    byte[] bundle =
        edit(b -> b.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.9"));
    assertFails(bundle, UNSUPPORTED_BUNDLE, "version=0.9' is not supported");
  }

  @Test
  void rejectsAPublicKeyBundleAsUnsupported() {
    byte[] bundle =
        edit(
            b -> {
              ObjectNode material = (ObjectNode) b.get("verificationMaterial");
              material.remove("certificate");
              material.remove("x509CertificateChain");
              material.putObject("publicKey").put("hint", "abc");
            });
    assertFails(bundle, UNSUPPORTED_BUNDLE, "plain public key");
  }

  @Test
  void rejectsSeveralLogEntriesAsUnsupported() {
    byte[] bundle =
        edit(
            b -> {
              ArrayNode entries = b.with("verificationMaterial").withArray("tlogEntries");
              entries.add(entries.get(0).deepCopy());
            });
    assertFails(bundle, UNSUPPORTED_BUNDLE, "2 transparency log entries");
  }

  @Test
  void rejectsAnEntryWithoutInclusionPromiseOrTimestampAsHavingNoSigningTime() {
    byte[] bundle =
        edit(
            b ->
                ((ObjectNode) b.with("verificationMaterial").withArray("tlogEntries").get(0))
                    .remove("inclusionPromise"));
    assertFails(bundle, TRANSPARENCY_LOG_INVALID, "no verifiable signing time");
  }

  @Test
  void rejectsAVersion01BundleWithoutInclusionPromiseEvenWithAnRfc3161Timestamp() {
    byte[] bundle =
        edit(
            b -> {
              b.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.1");
              ObjectNode material = b.with("verificationMaterial");
              ((ObjectNode) material.withArray("tlogEntries").get(0)).remove("inclusionPromise");
              material
                  .with("timestampVerificationData")
                  .withArray("rfc3161Timestamps")
                  .addObject()
                  .put("signedTimestamp", "MAA=");
            });
    assertFails(bundle, TRANSPARENCY_LOG_INVALID, "version 0.1, which requires");
  }

  @Test
  void rejectsABundleWithoutSignature() {
    byte[] bundle = edit(b -> b.remove("messageSignature"));
    assertFails(bundle, BUNDLE_MALFORMED, "neither a message signature nor a DSSE envelope");
  }

  @Test
  void rejectsADeeplyNestedDssePayloadWithoutOverflowingTheStack() throws IOException {
    // sigstore-java parses the in-toto payload before it checks the envelope signature.
    ConformanceCase c = CorpusFixtures.caseById("happy-path-intoto-in-dsse-v3");
    ObjectNode bundle = (ObjectNode) JSON.readTree(c.bundle().toFile());
    byte[] nested = bytes("{\"subject\":" + "[".repeat(300_000));
    bundle.with("dsseEnvelope").put("payload", Base64.getEncoder().encodeToString(nested));
    Verification v =
        CorpusFixtures.verifier(c.trustedRoot())
            .verify(
                CorpusFixtures.read(c.artifact()),
                JSON.writeValueAsBytes(bundle),
                CorpusFixtures.signer(c));
    assertThat(v.verified()).isFalse();
    assertThat(v.message()).isNotBlank();
  }

  @Test
  void neverThrowsWhateverSingleByteIsCorrupted() {
    // Deterministic mutation sweep: each result must be a Verification with a one-line message.
    Random random = new Random(42);
    int verified = 0;
    for (int i = 0; i < 200; i++) {
      byte[] mutated = goodBundle.clone();
      mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      Verification v = verifier.verify(artifact, mutated, SIGNER);
      assertThat(v).isNotNull();
      assertThat(v.message()).isNotBlank().doesNotContain("\n");
      verified += v.verified() ? 1 : 0;
    }
    // Some bytes (whitespace, unauthenticated hints) may change harmlessly; most must not pass.
    assertThat(verified).isLessThan(20);
  }

  @Test
  void refusesNullArgumentsWithNullPointerException() {
    assertThatThrownBy(() -> verifier.verify((byte[]) null, goodBundle, SIGNER))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> verifier.verify(artifact, null, SIGNER))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> verifier.verify(artifact, goodBundle, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void verifiesFromFilesAndReadsBundlesOnlyUpToTheLimit(@TempDir Path dir) throws IOException {
    Path artifactFile = Files.write(dir.resolve("artifact"), artifact);
    Path bundleFile = Files.write(dir.resolve("bundle.json"), goodBundle);
    assertThat(verifier.verify(artifactFile, bundleFile, SIGNER).verified()).isTrue();

    Path huge = Files.write(dir.resolve("huge.json"), new byte[3 * 1024 * 1024]);
    Verification v = verifier.verify(artifactFile, huge, SIGNER);
    assertThat(v.failure()).isEqualTo(BUNDLE_MALFORMED);
    assertThat(v.message()).contains("1048577 bytes, more than the limit");
  }

  @Test
  void unreadableFilesAreAnEnvironmentErrorNotAVerificationOutcome(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    Path bundleFile = CorpusFixtures.jsCorpus("good.sigstore.json");
    assertThatThrownBy(() -> verifier.verify(missing, bundleFile, SIGNER))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void oneVerifierServesConcurrentCallers() throws Exception {
    byte[] tampered = CorpusFixtures.read(CorpusFixtures.jsCorpus("artifact-tampered.txt"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        boolean good = i % 2 == 0;
        results.add(
            pool.submit(
                () ->
                    verifier.verify(good ? artifact : tampered, goodBundle, SIGNER).verified()
                        == good));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertFails(byte[] bundle, VerificationFailure failure, String messagePart) {
    Verification v = verifier.verify(artifact, bundle, SIGNER);
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(failure);
    assertThat(v.message()).contains(messagePart).doesNotContain("\n").doesNotContain("\tat ");
    assertThat(v.signerIdentity()).isNull();
  }

  private byte[] edit(Consumer<ObjectNode> change) {
    try {
      ObjectNode bundle = (ObjectNode) JSON.readTree(goodBundle);
      change.accept(bundle);
      return JSON.writeValueAsBytes(bundle);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
