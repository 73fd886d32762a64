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
import io.trustgate.core.testing.sigstore.Defect;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A denial for a release file that does not verify tells the cluster operator whose release it
 * is, which file, and who can fix it: the publisher only when their signing went wrong, the
 * operator when their own policy or trust root is the cause.
 */
class DenialWordingTest {
  final ReleaseWorld world = new ReleaseWorld();
  final String digest = ReleaseWorld.digest("wording");
  final String url = manifestUrl("0.14.0", "dev", "x86_64");
  final byte[] manifest = manifestJson("0.14.0", "dev", "x86_64", NOT_AFTER, digest);
  final String image = image("0.14.0", digest);

  Finding judge() {
    world.publishList(1L, null);
    Decision d = world.decide(world.runtime(compile("forge", spec())), image);
    assertThat(d.allowed()).isFalse();
    assertThat(d.denials()).hasSize(1);
    return d.denials().get(0);
  }

  SignRequest.Builder release() {
    return SignRequest.builder().identity(releaseIdentity("0.14.0")).issuer(ISSUER)
        .signedAt(Instant.parse("2026-05-01T00:00:00Z"));
  }

  @Test
  void aTamperedManifestIsNotToBeRunAndNamesBothFiles() {
    world.publish(url, manifest, releaseIdentity("0.14.0"));
    world.evidence.put(url, new String(manifest, StandardCharsets.UTF_8).replace("0p1m0ck", "0p1m0cK")
        .getBytes(StandardCharsets.UTF_8));
    Finding f = judge();
    assertThat(f.line()).startsWith("spec.containers[0].image " + image + ": release manifest " + url
        + " (0.14.0 dev/x86_64) does not verify with its bundle " + url + ".bundle: The signature does"
        + " not verify over the artifact: Provided artifact digest does not match")
        .endsWith(". Who acts: no one should make it pass. The file changed after it was signed, or the bundle was"
        + " made for another file: do not run this release; if you serve it from a mirror, compare the"
        + " mirror copy with the publisher's, otherwise report it to the publisher of 0.14.0 dev/x86_64"
        + " (policy forge)");
  }

  @Test
  void aForeignSignerPointsAtThePolicySignerNotAtRe_signing() {
    world.publish(url, manifest, REVOCATION_IDENTITY);
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
    assertThat(f.message())
        .startsWith("release manifest " + url + " (0.14.0 dev/x86_64) does not verify with its bundle "
            + url + ".bundle: The certificate's identity " + REVOCATION_IDENTITY + " does not match")
        .contains("Who acts: the cluster operator. The file was signed, but not by the signer the policy"
            + " expects: if the certificate's signer is the project's genuine signing workflow, correct the"
            + " policy's spec.manifests.signer, otherwise the file is not from the project")
        .endsWith("(policy forge)")
        .doesNotContain("re-sign", "sign the file again");
  }

  @Test
  void anUnknownSigstoreInstancePointsAtTheTrustRoot() {
    world.evidence.put(url, manifest);
    world.evidence.put(url + ".bundle", FakeSigstore.create(7).sign(manifest, release().build()));
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.UNTRUSTED_ROOT);
    assertThat(f.message())
        .contains("Who acts: the cluster operator.")
        .contains("use trustRoot publicGood or update your trusted_root.json")
        .doesNotContain("sign the file again");
  }

  @Test
  void anExpiredCertificateAsksThePublisherToSignAgain() {
    world.publish(url, manifest, release().defect(Defect.CERT_EXPIRED_BEFORE_INTEGRATION).build());
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
    assertThat(f.message()).contains("Who acts: the publisher. The signature was logged or timestamped"
        + " outside the signing certificate's validity: ask the publisher of 0.14.0 dev/x86_64 to sign the"
        + " file again (policy forge)");
  }

  @Test
  void aBrokenLogProofAsksThePublisherOnlyIfTheBundleIsTheirs() {
    world.publish(url, manifest, release().defect(Defect.BAD_INCLUSION_PROOF).build());
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.TRANSPARENCY_LOG_INVALID);
    assertThat(f.message()).contains("Who acts: the publisher. The bundle's transparency log proof is"
        + " missing or does not check out: if the bundle is the one the publisher released, ask the"
        + " publisher of 0.14.0 dev/x86_64 to sign the file again with a transparency log entry");
  }

  @Test
  void aMalformedBundleSaysWhichFileToCheck() {
    world.evidence.put(url, manifest);
    world.evidence.put(url + ".bundle", "{\"mediaType\": 42".getBytes(StandardCharsets.UTF_8));
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.BUNDLE_MALFORMED);
    assertThat(f.message()).contains("Who acts: the publisher. Check that " + url + ".bundle is complete"
        + " and is the bundle the publisher released (a mirror copy may be truncated)");
  }

  @Test
  void anUnknownBundleFormatNeverAsksTheOperatorToResign() {
    world.evidence.put(url, manifest);
    world.evidence.put(url + ".bundle",
        ("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.9+json\"}").getBytes(StandardCharsets.UTF_8));
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.UNSUPPORTED_BUNDLE);
    assertThat(f.message())
        .contains("'application/vnd.dev.sigstore.bundle.v0.9+json' is not supported")
        .contains("Who acts: the cluster operator. This trustgate cannot verify this kind of bundle: if the"
            + " publisher moved to a newer Sigstore bundle format, upgrade trustgate")
        .doesNotContain("re-sign");
  }

  @Test
  void aMissingBundleAsksForTheBundle() {
    world.evidence.put(url, manifest);
    Finding f = judge();
    assertThat(f.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    assertThat(f.message()).isEqualTo("release manifest is not signed: no bundle at " + url + ".bundle"
        + " (0.14.0 dev/x86_64). Who acts: the publisher, or the cluster operator for a mirror. Ask the"
        + " publisher of 0.14.0 dev/x86_64 to publish the bundle beside the manifest; if you serve releases"
        + " from a mirror, copy the bundle into it (policy forge)");
  }
}
