package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.LegacyFixtures.ARTIFACT;
import static io.trustgate.core.sigstore.LegacyFixtures.SIGNED_AT;
import static io.trustgate.core.sigstore.LegacyFixtures.SIGSTORE;
import static io.trustgate.core.sigstore.LegacyFixtures.request;
import static io.trustgate.core.sigstore.LegacyFixtures.tree;
import static io.trustgate.core.sigstore.LegacyFixtures.verify;
import static io.trustgate.core.sigstore.VerificationFailure.CERTIFICATE_EXPIRED;
import static io.trustgate.core.sigstore.VerificationFailure.SIGNATURE_INVALID;
import static io.trustgate.core.sigstore.VerificationFailure.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.testing.sigstore.LegacyBundleWriter;
import io.trustgate.core.testing.sigstore.TimeSources;
import io.trustgate.core.testing.sigstore.TimestampDefect;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Legacy cosign bundles with {@code RFC3161Timestamp}, as cosign v2 writes them when signing with
 * {@code --timestamp-server-url}: the timestamp is verified against the trusted root's timestamp
 * authorities exactly as in a Sigstore bundle, on top of the signed entry timestamp.
 */
class LegacyBundleTimestampTest {

  /** The legacy form of a keyless signing with both time sources (SET and RFC 3161). */
  private static ObjectNode legacyWith(TimeSources times) {
    byte[] sigstoreBundle = SIGSTORE.sign(ARTIFACT, request().build(), times);
    ObjectNode legacy = tree(LegacyBundleWriter.fromSigstoreBundle(sigstoreBundle));
    assertThat(legacy.has("RFC3161Timestamp")).isTrue();
    return legacy;
  }

  @Test
  void verifiesALegacyBundleCarryingAValidTimestamp() {
    Verification v = verify(legacyWith(TimeSources.cosignV3()));
    assertThat(v.verified()).as(v.message()).isTrue();
    assertThat(v.integratedTime()).isEqualTo(SIGNED_AT);
  }

  @Test
  void rejectsATimestampFromAnUntrustedAuthority() {
    Verification v =
        verify(legacyWith(TimeSources.cosignV3().withTimestampDefect(TimestampDefect.UNTRUSTED_TSA)));
    assertThat(v.failure()).as(v.message()).isEqualTo(UNTRUSTED_ROOT);
    assertThat(v.message()).contains("RFC 3161 timestamp");
  }

  @Test
  void rejectsATimestampOverAnotherSignature() {
    Verification v =
        verify(legacyWith(TimeSources.cosignV3().withTimestampDefect(TimestampDefect.OTHER_IMPRINT)));
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
    assertThat(v.message()).contains("RFC 3161 timestamp");
  }

  @Test
  void rejectsATimestampAfterTheCertificateExpiredThoughTheIntegratedTimeIsInside() {
    Verification v = verify(legacyWith(TimeSources.cosignV3().rfc3161At(Duration.ofMinutes(15))));
    assertThat(v.failure()).as(v.message()).isEqualTo(CERTIFICATE_EXPIRED);
    assertThat(v.message()).contains("RFC 3161 timestamp");
  }

  @Test
  void rejectsAValidTimestampMovedFromAnotherLegacyBundle() {
    ObjectNode target = legacyWith(TimeSources.cosignV3());
    ObjectNode donor = legacyWith(TimeSources.cosignV3());
    target.set("RFC3161Timestamp", donor.get("RFC3161Timestamp").deepCopy());
    Verification v = verify(target);
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).as(v.message()).isEqualTo(SIGNATURE_INVALID);
  }
}
