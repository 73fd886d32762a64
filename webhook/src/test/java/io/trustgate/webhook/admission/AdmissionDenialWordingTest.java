package io.trustgate.webhook.admission;

import static io.trustgate.webhook.admission.AdmissionWorld.GOOD;
import static io.trustgate.webhook.admission.AdmissionWorld.fixture;
import static io.trustgate.webhook.admission.AdmissionWorld.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.Defect;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The denial a cluster operator reads when a release file does not verify names the image, the
 * release, both files and who acts, and asks the publisher to re-sign only when that is the fix.
 */
class AdmissionDenialWordingTest {
  final AdmissionWorld world = new AdmissionWorld();
  final String url = ReleaseWorld.manifestUrl("0.14.0", "dev", "x86_64");

  String denial() throws Exception {
    var response = read(world.handler().handle(fixture("pod-create.json")));
    assertThat(response.at("/response/allowed").booleanValue()).isFalse();
    return response.at("/response/status/message").textValue();
  }

  /** The manifest AdmissionWorld publishes for the GOOD image. */
  byte[] manifest() {
    return ReleaseWorld.manifestJson("0.14.0", "dev", "x86_64", ReleaseWorld.NOT_AFTER,
        ReleaseWorld.digest("0.14.0/x86_64"));
  }

  @Test
  void aTamperedManifestNamesBothFilesAndSaysNotToRunIt() throws Exception {
    byte[] signed = manifest();
    world.releases.evidence.put(url, new String(signed, StandardCharsets.UTF_8)
        .replace("\"0.14.0\"", "\"0.14.0\" ").getBytes(StandardCharsets.UTF_8));
    String message = denial();
    assertThat(message).startsWith("trustgate denied Pod prod/web-7d4b9c8f6d-x2x7k:\n").contains(
        "spec.containers[0].image " + GOOD + ": release manifest " + url + " (0.14.0 dev/x86_64) does not verify"
            + " with its bundle " + url + ".bundle: The signature does not verify over the artifact");
    assertThat(message).contains("Who acts: no one should make it pass. The file changed after it was signed");
    // The aarch64 manifest verifies but does not list the digest: the failed one is the news.
    assertThat(message).contains("report it to the publisher of 0.14.0 dev/x86_64; the digest is in no other"
        + " verified manifest (policy forge)");
    assertThat(message).doesNotContain("sign the file again");
  }

  @Test
  void anExpiredSigningCertificateAsksThePublisherToSignAgain() throws Exception {
    byte[] signed = manifest();
    world.releases.publish(url, signed, SignRequest.builder().identity(ReleaseWorld.releaseIdentity("0.14.0"))
        .defect(Defect.CERT_EXPIRED_BEFORE_INTEGRATION).build());
    assertThat(denial()).contains("Who acts: the publisher. The signature was"
        + " logged or timestamped outside the signing certificate's validity: ask the publisher of 0.14.0"
        + " dev/x86_64 to sign the file again; the digest is in no other verified manifest (policy forge)");
  }

  @Test
  void aSignatureFromAnUnknownSigstoreAsksTheOperatorToCheckTheTrustRoot() throws Exception {
    byte[] signed = manifest();
    world.releases.evidence.put(url + ".bundle", FakeSigstore.create(99).sign(signed,
        SignRequest.builder().identity(ReleaseWorld.releaseIdentity("0.14.0")).build()));
    assertThat(denial()).contains("Who acts: the cluster operator.")
        .contains("use trustRoot publicGood or update your trusted_root.json")
        .doesNotContain("sign the file again");
  }
}
