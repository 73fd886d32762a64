package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.core.testing.sigstore.TimeSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Rekor rotates to a new log key (a new shard) from time to time, and the trusted root lists every
 * shard with its validity window. Which shard is trusted when comes only from the trusted root:
 * each shard verifies the entries it logged while in service, and none outside its window.
 */
class RekorShardsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IDENTITY =
      "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0";
  private static final Instant ROTATION = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant BEFORE = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant AFTER = Instant.parse("2026-06-01T12:00:00Z");
  private static final byte[] ARTIFACT = "manifest\n".getBytes(StandardCharsets.UTF_8);
  private static final SignerIdentity SIGNER =
      new SignerIdentity(
          IdentityMatcher.exact(SignRequest.GITHUB_ACTIONS_ISSUER),
          IdentityMatcher.exact(IDENTITY));

  private static final FakeSigstore SIGSTORE = FakeSigstore.withRekorShards(ROTATION);
  private static final BundleVerifier VERIFIER =
      new BundleVerifier(TrustRoot.fromJson(SIGSTORE.trustedRootJson(), "sharded"));

  private static byte[] sign(Instant at, TimeSources times) {
    return SIGSTORE.sign(
        ARTIFACT, SignRequest.builder().identity(IDENTITY).signedAt(at).build(), times);
  }

  @Test
  void theTrustedRootListsBothShardsAtOneUrlTheOldOneWithAnEnd() throws IOException {
    JsonNode tlogs = JSON.readTree(SIGSTORE.trustedRootJson()).get("tlogs");
    assertThat(tlogs).hasSize(2);
    assertThat(tlogs.get(0).get("baseUrl")).isEqualTo(tlogs.get(1).get("baseUrl"));
    assertThat(tlogs.get(0).at("/publicKey/validFor/end").asText()).isEqualTo(ROTATION.toString());
    assertThat(tlogs.get(1).at("/publicKey/validFor/start").asText()).isEqualTo(ROTATION.toString());
  }

  @Test
  void bundlesFromEachShardVerifyWithBothTimeSources() throws IOException {
    byte[] old = sign(BEFORE, TimeSources.cosignV3());
    byte[] current = sign(AFTER, TimeSources.cosignV3());
    assertThat(logId(old)).isEqualTo(shardLogId(0)).isNotEqualTo(logId(current));
    assertThat(logId(current)).isEqualTo(shardLogId(1));

    Verification v1 = VERIFIER.verify(ARTIFACT, old, SIGNER);
    assertThat(v1.verified()).as(v1.message()).isTrue();
    Verification v2 = VERIFIER.verify(ARTIFACT, current, SIGNER);
    assertThat(v2.verified()).as(v2.message()).isTrue();
  }

  @Test
  void bundlesFromEachShardVerifyWithOneTimeSource() {
    for (TimeSources times : new TimeSources[] {TimeSources.integratedTimeOnly(), TimeSources.rfc3161Only()}) {
      for (Instant at : new Instant[] {BEFORE, AFTER}) {
        Verification v = VERIFIER.verify(ARTIFACT, sign(at, times), SIGNER);
        assertThat(v.verified()).as(at + " " + times + ": " + v.message()).isTrue();
      }
    }
  }

  @Test
  void theRetiredShardsKeyIsRefusedForEntriesAfterItsValidity() {
    Verification v = VERIFIER.verify(ARTIFACT, sign(AFTER, TimeSources.cosignV3().loggedByShard(0)), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    assertThat(v.message()).contains("was not valid at the integrated time " + AFTER);
  }

  @Test
  void theNewShardsKeyIsRefusedForEntriesBeforeItsValidity() {
    Verification v = VERIFIER.verify(ARTIFACT, sign(BEFORE, TimeSources.cosignV3().loggedByShard(1)), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
  }

  @Test
  void withoutIntegratedTimeTheTimestampConfinesTheShardKeyToItsValidity() {
    // As with Rekor v2, which gives no integrated time: the RFC 3161 time says when it was logged.
    Verification v =
        VERIFIER.verify(ARTIFACT, sign(AFTER, TimeSources.rfc3161Only().loggedByShard(0)), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    assertThat(v.message())
        .contains("was not valid at the RFC 3161 timestamp " + AFTER.plus(TimeSources.DEFAULT_RFC3161_OFFSET));
  }

  @Test
  void aRootListingOnlyTheOldShardRefusesEntriesOfTheNewOne() throws IOException {
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(SIGSTORE.trustedRootJson());
    root.withArray("tlogs").remove(1);
    BundleVerifier oldRootOnly = new BundleVerifier(TrustRoot.fromJson(JSON.writeValueAsBytes(root), "old"));
    assertThat(oldRootOnly.verify(ARTIFACT, sign(BEFORE, TimeSources.cosignV3()), SIGNER).verified()).isTrue();
    Verification v = oldRootOnly.verify(ARTIFACT, sign(AFTER, TimeSources.cosignV3()), SIGNER);
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    // The operator learns which log key to add to their trusted root.
    assertThat(v.message())
        .isEqualTo("The transparency log entry comes from a log not in the trusted root (log key id "
            + shardLogId(1) + ").");
  }

  private static String logId(byte[] bundle) throws IOException {
    String keyId = JSON.readTree(bundle).at("/verificationMaterial/tlogEntries/0/logId/keyId").asText();
    return HexFormat.of().formatHex(Base64.getDecoder().decode(keyId));
  }

  private static String shardLogId(int index) throws IOException {
    String keyId =
        JSON.readTree(SIGSTORE.trustedRootJson()).at("/tlogs/" + index + "/logId/keyId").asText();
    return HexFormat.of().formatHex(Base64.getDecoder().decode(keyId));
  }
}
