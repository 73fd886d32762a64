package io.trustgate.core.decision;

import static io.trustgate.core.testing.ReleaseWorld.ISSUER;
import static io.trustgate.core.testing.ReleaseWorld.NOT_AFTER;
import static io.trustgate.core.testing.ReleaseWorld.REVOCATION_IDENTITY;
import static io.trustgate.core.testing.ReleaseWorld.compile;
import static io.trustgate.core.testing.ReleaseWorld.image;
import static io.trustgate.core.testing.ReleaseWorld.manifestJson;
import static io.trustgate.core.testing.ReleaseWorld.manifestUrl;
import static io.trustgate.core.testing.ReleaseWorld.releaseIdentity;
import static io.trustgate.core.testing.ReleaseWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.BundleVersion;
import io.trustgate.core.testing.sigstore.Defect;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a manifest's signature can fail becomes its own reason, never an exception. */
class SignatureFindingsTest {
  final ReleaseWorld world = new ReleaseWorld();
  final String digest = ReleaseWorld.digest("sig");
  final String url = manifestUrl("0.14.0", "dev", "x86_64");
  final byte[] manifest = manifestJson("0.14.0", "dev", "x86_64", NOT_AFTER, digest);

  Finding judge() {
    world.publishList(1L, null);
    Decision d = world.decide(world.runtime(compile("forge", spec())), image("0.14.0", digest));
    assertThat(d.allowed()).isFalse();
    assertThat(d.denials()).hasSize(1);
    return d.denials().get(0);
  }

  SignRequest.Builder release() {
    return SignRequest.builder().identity(releaseIdentity("0.14.0")).issuer(ISSUER)
        .signedAt(Instant.parse("2026-05-01T00:00:00Z"));
  }

  @Test
  void tamperedManifestIsSignatureInvalid() {
    world.publish(url, manifest, releaseIdentity("0.14.0"));
    byte[] tampered = new String(manifest, StandardCharsets.UTF_8).replace("0p1m0ck", "0p1m0cK").getBytes(StandardCharsets.UTF_8);
    world.evidence.put(url, tampered);
    assertThat(judge().reason()).isEqualTo(Reason.SIGNATURE_INVALID);
  }

  @Test
  void tamperedManifestOfOneArchIsReportedEvenWhenTheOtherVerifies() {
    world.release("0.14.0", "aarch64");
    world.publish(url, manifest, releaseIdentity("0.14.0"));
    world.evidence.put(url, new String(manifest, StandardCharsets.UTF_8).replace("0p1m0ck", "edited").getBytes(StandardCharsets.UTF_8));
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(f.message()).contains(url, "the digest is in no other verified manifest");
  }

  @Test
  void unsignedManifestIsSignatureInvalid() {
    world.evidence.put(url, manifest);
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(f.message()).contains("no bundle at " + url + ".bundle");
  }

  @Test
  void manifestSignedByTheRevocationIdentityIsRejected() {
    world.publish(url, manifest, REVOCATION_IDENTITY);
    assertThat(judge().reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void manifestSignedByAnotherReleaseTagIsRejected() {
    // Version binding: 0.14.0's manifest must come from the v0.14.0 tag's workflow.
    world.publish(url, manifest, releaseIdentity("0.13.0"));
    assertThat(judge().reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void wrongIssuerIsIdentityMismatch() {
    world.publish(url, manifest, release().issuer("https://accounts.example.com").build());
    assertThat(judge().reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  @Test
  void bundleFromAnotherSigstoreIsUntrusted() {
    world.evidence.put(url, manifest);
    world.evidence.put(url + ".bundle", FakeSigstore.create(7).sign(manifest, release().build()));
    assertThat(judge().reason()).isEqualTo(Reason.UNTRUSTED_ROOT);
  }

  @Test
  void certificateExpiredBeforeIntegrationIsRejected() {
    world.publish(url, manifest, release().defect(Defect.CERT_EXPIRED_BEFORE_INTEGRATION).build());
    assertThat(judge().reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
  }

  @Test
  void legacyCosignBundleIsVerifiedLikeASigstoreBundle() {
    world.publish(url, manifest, release().version(BundleVersion.LEGACY_COSIGN).build());
    world.publishList(1L, null);
    Decision d = world.decide(world.runtime(compile("forge", spec())), image("0.14.0", digest));
    assertThat(d.allowed()).as(d.toString()).isTrue();
    assertThat(d.findings()).isEmpty();
  }

  @Test
  void legacyCosignBundleByTheRevocationIdentityIsRejected() {
    world.publish(url, manifest, release().identity(REVOCATION_IDENTITY).version(BundleVersion.LEGACY_COSIGN).build());
    assertThat(judge().reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
  }

  /** The legacy format has no inclusion proof or checkpoint; every other defect is caught. */
  @ParameterizedTest
  @CsvSource({
    "BAD_SET, TRANSPARENCY_LOG_INVALID",
    "NO_SET_NO_TIMESTAMP, TRANSPARENCY_LOG_INVALID",
    "NO_TLOG_ENTRY, TRANSPARENCY_LOG_INVALID",
    "NO_SCT, UNTRUSTED_ROOT",
    "WRONG_CA, UNTRUSTED_ROOT",
    "SIGNATURE_OVER_OTHER_BYTES, SIGNATURE_INVALID",
    "CERT_EXPIRED_BEFORE_INTEGRATION, CERTIFICATE_EXPIRED",
  })
  void defectiveLegacyBundlesAreDeniedWithTheirReason(Defect defect, Reason expected) {
    world.publish(url, manifest, release().defect(defect).version(BundleVersion.LEGACY_COSIGN).build());
    assertThat(judge().reason()).isEqualTo(expected);
  }

  @Test
  void garbageBundleIsMalformed() {
    world.evidence.put(url, manifest);
    world.evidence.put(url + ".bundle", "{\"mediaType\": 42".getBytes(StandardCharsets.UTF_8));
    assertThat(judge().reason()).isEqualTo(Reason.BUNDLE_MALFORMED);
  }

  @ParameterizedTest
  @CsvSource({
    "BAD_SET, TRANSPARENCY_LOG_INVALID",
    "BAD_INCLUSION_PROOF, TRANSPARENCY_LOG_INVALID",
    "BAD_CHECKPOINT, TRANSPARENCY_LOG_INVALID",
    "NO_SCT, UNTRUSTED_ROOT",
    "WRONG_CA, UNTRUSTED_ROOT",
    "SIGNATURE_OVER_OTHER_BYTES, SIGNATURE_INVALID",
  })
  void defectiveBundlesAreDeniedWithTheirReason(Defect defect, Reason expected) {
    world.publish(url, manifest, release().defect(defect).build());
    assertThat(judge().reason()).isEqualTo(expected);
  }

  @Test
  void missingTlogEntryIsDenied() {
    world.publish(url, manifest, release().defect(Defect.NO_TLOG_ENTRY).build());
    assertThat(judge().reason()).isIn(Reason.TRANSPARENCY_LOG_INVALID, Reason.BUNDLE_MALFORMED);
  }
}
