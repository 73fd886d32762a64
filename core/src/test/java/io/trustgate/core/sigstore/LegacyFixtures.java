package io.trustgate.core.sigstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.testing.sigstore.BundleVersion;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Legacy cosign bundles from the test Sigstore, as editable JSON trees, and the one verifier for
 * them. {@link #relog} has the test Rekor sign an edited entry: a log entry that is genuine (its
 * signed entry timestamp verifies) but records other material, as an attacker who logs their own
 * entry gets.
 */
final class LegacyFixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final FakeSigstore SIGSTORE = FakeSigstore.create(8_2026L);
  static final BundleVerifier VERIFIER =
      new BundleVerifier(TrustRoot.fromJson(SIGSTORE.trustedRootJson(), "legacy test root"));
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  static final String IDENTITY =
      "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v0.14.0";
  static final SignerIdentity SIGNER =
      new SignerIdentity(IdentityMatcher.exact(ISSUER), IdentityMatcher.exact(IDENTITY));
  static final Instant SIGNED_AT = Instant.parse("2026-05-01T12:00:00Z");
  static final byte[] ARTIFACT =
      "{\"version\":\"0.14.0\",\"variant\":\"dev\"}\n".getBytes(StandardCharsets.UTF_8);

  private LegacyFixtures() {}

  static SignRequest.Builder request() {
    return SignRequest.builder().identity(IDENTITY).issuer(ISSUER).signedAt(SIGNED_AT);
  }

  /** A fresh legacy signing of {@code artifact} (new key and certificate each time). */
  static ObjectNode sign(byte[] artifact) {
    return tree(SIGSTORE.sign(artifact, request().version(BundleVersion.LEGACY_COSIGN).build()));
  }

  static ObjectNode tree(byte[] json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(ObjectNode tree) {
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Verification verify(ObjectNode legacy) {
    return VERIFIER.verify(ARTIFACT, bytes(legacy), SIGNER);
  }

  static ObjectNode payload(ObjectNode legacy) {
    return (ObjectNode) legacy.get("rekorBundle").get("Payload");
  }

  /** The decoded hashedrekord body of the legacy bundle's log entry. */
  static ObjectNode body(ObjectNode legacy) {
    return tree(Base64.getDecoder().decode(payload(legacy).get("body").asText()));
  }

  /**
   * Replaces the entry body by {@code edit} applied to it, and has the test Rekor sign the edited
   * entry (same integrated time and index) as a log signs any entry it accepts.
   */
  static ObjectNode relog(ObjectNode legacy, Consumer<ObjectNode> edit) {
    ObjectNode body = body(legacy);
    edit.accept(body);
    return relog(legacy, bytes(body));
  }

  static ObjectNode relog(ObjectNode legacy, byte[] body) {
    ObjectNode copy = legacy.deepCopy();
    ObjectNode payload = payload(copy);
    payload.put("body", Base64.getEncoder().encodeToString(body));
    byte[] set =
        SIGSTORE.rekorSignedEntryTimestamp(
            body, payload.get("integratedTime").asLong(), payload.get("logIndex").asLong());
    ((ObjectNode) copy.get("rekorBundle"))
        .put("SignedEntryTimestamp", Base64.getEncoder().encodeToString(set));
    return copy;
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String decoded(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
