package io.trustgate.core.decision;

import static io.trustgate.core.testing.ReleaseWorld.compile;
import static io.trustgate.core.testing.ReleaseWorld.image;
import static io.trustgate.core.testing.ReleaseWorld.manifestUrl;
import static io.trustgate.core.testing.ReleaseWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.Skip;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.testing.ReleaseWorld;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each hatch skips exactly its own check, leaves a warning, and is independent of the other. */
class EscapeHatchTest {
  final ReleaseWorld world = new ReleaseWorld();

  TrustPolicySpec skipping(boolean cosign, boolean hash) {
    TrustPolicySpec spec = spec();
    spec.skip = new Skip();
    spec.skip.cosignVerify = cosign;
    spec.skip.hashVerify = hash;
    return spec;
  }

  /** A release whose manifest was edited after signing. */
  String tamperedRelease() {
    String d = world.release("0.14.0", "x86_64");
    String url = manifestUrl("0.14.0", "dev", "x86_64");
    byte[] body = world.evidence.fetch(url) instanceof io.trustgate.core.evidence.FetchResult.Found f ? f.body() : null;
    world.evidence.put(url, new String(body, StandardCharsets.UTF_8).replace("0p1m0ck", "edited").getBytes(StandardCharsets.UTF_8));
    world.publishList(1L, null);
    return d;
  }

  @Test
  void skipCosignVerifyAdmitsTamperedManifestWithWarning() {
    String d = tamperedRelease();
    Decision decision = world.decide(world.runtime(compile("forge", skipping(true, false))), image("0.14.0", d));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.ESCAPE_HATCH);
      assertThat(f.message()).contains("spec.skip.cosignVerify");
    });
  }

  @Test
  void skipCosignVerifyStillChecksTheDigest() {
    tamperedRelease();
    Decision decision = world.decide(world.runtime(compile("forge", skipping(true, false))),
        image("0.14.0", ReleaseWorld.digest("not released")));
    assertThat(decision.denials()).singleElement().extracting(Finding::reason).isEqualTo(Reason.DIGEST_NOT_IN_MANIFEST);
  }

  @Test
  void skipCosignVerifyStillAppliesRecalls() {
    String d = world.release("0.13.0", "x86_64");
    world.publishList(1L, null, "0.13.0 dev x86_64 recalled; upgrade");
    Decision decision = world.decide(world.runtime(compile("forge", skipping(true, false))), image("0.13.0", d));
    assertThat(decision.denials()).singleElement().extracting(Finding::reason).isEqualTo(Reason.RECALLED);
  }

  @Test
  void skipHashVerifyAdmitsUnlistedDigestWithWarning() {
    world.release("0.14.0", "x86_64");
    world.publishList(1L, null);
    Decision decision = world.decide(world.runtime(compile("forge", skipping(false, true))),
        image("0.14.0", ReleaseWorld.digest("local build")));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings()).singleElement().satisfies(f -> assertThat(f.message()).contains("spec.skip.hashVerify"));
  }

  @Test
  void skipHashVerifyStillChecksSignatures() {
    String d = tamperedRelease();
    Decision decision = world.decide(world.runtime(compile("forge", skipping(false, true))), image("0.14.0", d));
    assertThat(decision.denials()).singleElement().extracting(Finding::reason).isEqualTo(Reason.SIGNATURE_INVALID);
  }

  @Test
  void skipHashWithUnknownArchAppliesEveryArchitecturesRecall() {
    world.release("0.13.0", "x86_64");
    world.release("0.13.0", "aarch64");
    world.publishList(1L, null, "0.13.0 dev aarch64 arm only; upgrade");
    Decision decision = world.decide(world.runtime(compile("forge", skipping(false, true))),
        image("0.13.0", ReleaseWorld.digest("unknown arch")));
    assertThat(decision.denials()).singleElement().extracting(Finding::reason).isEqualTo(Reason.RECALLED);
  }

  @Test
  void environmentHatchesWorkLikeThePolicyOnesAndNameTheVariable() {
    String d = tamperedRelease();
    var runtime = world.runtime(new EscapeHatches(true, false), compile("forge", spec()));
    Decision decision = world.decide(runtime, image("0.14.0", d));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings()).singleElement().satisfies(f -> assertThat(f.message()).contains("TRUSTGATE_SKIP_COSIGN_VERIFY=1"));

    var hashOnly = world.runtime(new EscapeHatches(false, true), compile("forge", spec()));
    assertThat(world.decide(hashOnly, image("0.14.0", d)).denials()).singleElement()
        .extracting(Finding::reason).isEqualTo(Reason.SIGNATURE_INVALID);
  }

  @Test
  void skipCosignVerifyAlsoAcceptsAnUnsignedRevocationList() {
    String d = world.release("0.13.0", "x86_64");
    world.evidence.put(ReleaseWorld.LIST_URL, ReleaseWorld.listJson(1L, null, "0.13.0 dev x86_64 unsigned recall"));
    var runtime = world.runtime(compile("forge", skipping(true, false)));
    assertThat(runtime.holders().get("forge").state().accepted()).get()
        .satisfies(a -> assertThat(a.signatureSkipped()).isTrue());
    assertThat(world.decide(runtime, image("0.13.0", d)).allowed()).isFalse();
  }
}
