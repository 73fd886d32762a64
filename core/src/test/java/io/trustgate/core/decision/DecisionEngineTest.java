package io.trustgate.core.decision;

import static io.trustgate.core.testing.ReleaseWorld.IMAGE;
import static io.trustgate.core.testing.ReleaseWorld.NOT_AFTER;
import static io.trustgate.core.testing.ReleaseWorld.compile;
import static io.trustgate.core.testing.ReleaseWorld.image;
import static io.trustgate.core.testing.ReleaseWorld.manifestJson;
import static io.trustgate.core.testing.ReleaseWorld.manifestUrl;
import static io.trustgate.core.testing.ReleaseWorld.releaseIdentity;
import static io.trustgate.core.testing.ReleaseWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.ReleaseWorld;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
  final ReleaseWorld world = new ReleaseWorld();

  PolicyRuntime forge() {
    return world.runtime(compile("forge", spec()));
  }

  static Finding only(Decision d) {
    assertThat(d.findings()).hasSize(1);
    return d.findings().get(0);
  }

  @Test
  void allowsImageListedInAVerifiedManifest() {
    String d = world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    world.publishList(1L, "2026-05-15T00:00:00Z");
    Decision decision = world.decide(forge(), image("0.14.0", d));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.findings()).isEmpty();
    assertThat(decision.images().get(0).notes()).singleElement().asString()
        .contains("0.14.0 dev/x86_64", "signed by " + releaseIdentity("0.14.0"));
  }

  @Test
  void allowsImagesNoPolicyGoverns() {
    Decision d = world.decide(forge(), "nginx:1.27", "ghcr.io/acme-labs/other:v1.0.0");
    assertThat(d.allowed()).isTrue();
    assertThat(d.images()).allSatisfy(v -> assertThat(v.governed()).isFalse());
    assertThat(world.evidence.fetchCount(manifestUrl("1.0.0", "dev", "x86_64"))).isZero();
  }

  @Test
  void deniesUnpinnedImageWithPinningAdvice() {
    Finding f = only(world.decide(forge(), IMAGE + ":v0.14.0"));
    assertThat(f.reason()).isEqualTo(Reason.NO_DIGEST);
    assertThat(f.denies()).isTrue();
    assertThat(f.message()).contains("@sha256:<digest>");
  }

  @Test
  void admitsUnpinnedImageWithWarningWhenDigestsAreNotRequired() {
    world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    world.publishList(1L, null);
    TrustPolicySpec spec = spec();
    spec.requireDigest = false;
    Decision d = world.decide(world.runtime(compile("forge", spec)), IMAGE + ":v0.14.0");
    assertThat(d.allowed()).isTrue();
    assertThat(only(d).reason()).isEqualTo(Reason.NO_DIGEST);
    assertThat(only(d).denies()).isFalse();
  }

  @Test
  void deniesTagsThatNameNoVersion() {
    String digest = ReleaseWorld.digest("x");
    assertThat(only(world.decide(forge(), IMAGE + ":latest@sha256:" + digest)).reason()).isEqualTo(Reason.NO_VERSION);
    assertThat(only(world.decide(forge(), IMAGE + "@sha256:" + digest)).message()).contains("has no tag");
  }

  @Test
  void deniesDigestNotInAnyVerifiedManifest() {
    world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    Finding f = only(world.decide(forge(), image("0.14.0", ReleaseWorld.digest("rebuilt locally"))));
    assertThat(f.reason()).isEqualTo(Reason.DIGEST_NOT_IN_MANIFEST);
    assertThat(f.message()).contains("0.14.0 dev", "policy forge");
  }

  @Test
  void deniesWhenNoManifestExists() {
    Finding f = only(world.decide(forge(), image("9.9.9", ReleaseWorld.digest("x"))));
    assertThat(f.reason()).isEqualTo(Reason.MANIFEST_UNAVAILABLE);
    assertThat(f.message()).contains("not found at " + ReleaseWorld.BASE + "/v9.9.9/dev-image-");
  }

  @Test
  void deniesExpiredReleaseButNotAtExactlyNotAfter() {
    String d = world.release("0.14.0", "x86_64");
    world.publishList(1L, null);
    PolicyRuntime runtime = forge();
    world.clock.set(NOT_AFTER);
    world.publishList(2L, null); // keep the list fresh so only expiry speaks
    runtime.refreshAllNow();
    assertThat(world.decide(runtime, image("0.14.0", d)).allowed()).isTrue();
    world.clock.set(NOT_AFTER.plusSeconds(1));
    Finding f = only(world.decide(runtime, image("0.14.0", d)));
    assertThat(f.reason()).isEqualTo(Reason.EXPIRED);
    assertThat(f.message()).contains("expired at " + NOT_AFTER);
  }

  @Test
  void expiryWarnAdmitsWithWarning() {
    String d = world.release("0.14.0", "x86_64");
    TrustPolicySpec spec = spec();
    spec.expiry = PolicyMode.Warn;
    world.clock.set(NOT_AFTER.plus(Duration.ofDays(1)));
    world.publishList(1L, null);
    Decision decision = world.decide(world.runtime(compile("forge", spec)), image("0.14.0", d));
    assertThat(decision.allowed()).isTrue();
    assertThat(only(decision).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void deniesRecalledImageWithVerbatimReason() {
    String d = world.release("0.13.0", "x86_64");
    String reason = "CVE-2026-0001 in nix daemon; upgrade to 0.14.1";
    world.publishList(7L, "2026-05-15T00:00:00Z", "0.13.0 dev x86_64 " + reason);
    Decision decision = world.decide(forge(), image("0.13.0", d));
    Finding f = only(decision);
    assertThat(f.reason()).isEqualTo(Reason.RECALLED);
    assertThat(f.message()).isEqualTo(
        "recalled by policy forge: " + reason + " (0.13.0 dev/x86_64, revoked 2026-05-15T00:00:00Z)");
    assertThat(f.line()).isEqualTo("spec.containers[0].image " + image("0.13.0", d) + ": " + f.message());
  }

  @Test
  void recallOfOneArchitectureDoesNotDenyTheOther() {
    String x86 = world.release("0.13.0", "x86_64");
    String arm = world.release("0.13.0", "aarch64");
    world.publishList(7L, null, "0.13.0 dev x86_64 broken on x86 only; upgrade to 0.14.1");
    PolicyRuntime runtime = forge();
    assertThat(world.decide(runtime, image("0.13.0", x86)).allowed()).isFalse();
    Decision armDecision = world.decide(runtime, image("0.13.0", arm));
    assertThat(armDecision.allowed()).isTrue();
    assertThat(armDecision.images().get(0).notes().get(0)).contains("0.13.0 dev/aarch64");
  }

  @Test
  void judgesEveryContainerAndDeniesOneBadAmongGoodOnes() {
    String good = world.release("0.14.0", "x86_64");
    world.publishList(1L, null);
    Decision d = world.decide(forge(), image("0.14.0", good), "nginx:1.27", IMAGE + ":v0.14.0");
    assertThat(d.allowed()).isFalse();
    assertThat(d.denials()).singleElement().satisfies(f -> {
      assertThat(f.fieldPath()).isEqualTo("spec.containers[2].image");
      assertThat(f.reason()).isEqualTo(Reason.NO_DIGEST);
    });
  }

  @Test
  void deniesInvalidImageReferences() {
    Finding f = only(world.decide(forge(), "GHCR.IO/Acme/UPPER:v1"));
    assertThat(f.reason()).isEqualTo(Reason.INVALID_IMAGE_REF);
    assertThat(f.policy()).isNull();
  }

  @Test
  void warnModeTurnsEveryDenialIntoAWarning() {
    String d = world.release("0.13.0", "x86_64");
    world.publishList(7L, null, "0.13.0 dev x86_64 recalled; upgrade to 0.14.1");
    TrustPolicySpec spec = spec();
    spec.mode = PolicyMode.Warn;
    Decision decision = world.decide(world.runtime(compile("forge", spec)), image("0.13.0", d));
    assertThat(decision.allowed()).isTrue();
    assertThat(only(decision).reason()).isEqualTo(Reason.RECALLED);
    assertThat(decision.warnings()).hasSize(1);
  }

  @Test
  void imageGovernedBySeveralPoliciesMustPassAll() {
    String d = world.release("0.14.0", "x86_64");
    world.publishList(1L, null);
    TrustPolicySpec strict = spec();
    strict.revocations = null;
    strict.manifests.url = ReleaseWorld.BASE + "/strict/v{version}/{variant}-{arch}.json";
    Decision decision = world.decide(
        world.runtime(compile("forge", spec()), compile("strict", strict)), image("0.14.0", d));
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.images().get(0).policies()).containsExactly("forge", "strict");
    assertThat(only(decision).policy()).isEqualTo("strict");
  }

  @Test
  void manifestForAnotherVersionIsSkew() {
    String d = ReleaseWorld.digest("skew");
    world.publish(manifestUrl("0.14.0", "dev", "x86_64"),
        manifestJson("0.14.1", "dev", "x86_64", NOT_AFTER, d), releaseIdentity("0.14.0"));
    assertThat(world.decide(forge(), image("0.14.0", d)).denials()).singleElement()
        .extracting(Finding::reason).isEqualTo(Reason.VERSION_SKEW);
  }

  @Test
  void manifestForAnotherArchIsAMismatch() {
    String d = ReleaseWorld.digest("arch");
    world.publish(manifestUrl("0.14.0", "dev", "x86_64"),
        manifestJson("0.14.0", "dev", "aarch64", NOT_AFTER, d), releaseIdentity("0.14.0"));
    assertThat(world.decide(forge(), image("0.14.0", d)).denials()).singleElement()
        .extracting(Finding::reason).isEqualTo(Reason.MANIFEST_MISMATCH);
  }

  @Test
  void newerManifestSchemaIsUnsupported() {
    String d = ReleaseWorld.digest("schema");
    byte[] json = new String(manifestJson("0.14.0", "dev", "x86_64", NOT_AFTER, d))
        .replace("\"schema_version\":1", "\"schema_version\":2").getBytes();
    world.publish(manifestUrl("0.14.0", "dev", "x86_64"), json, releaseIdentity("0.14.0"));
    assertThat(world.decide(forge(), image("0.14.0", d)).denials()).singleElement()
        .extracting(Finding::reason).isEqualTo(Reason.UNSUPPORTED_SCHEMA);
  }

  @Test
  void signedButMalformedManifestIsInvalid() {
    String d = ReleaseWorld.digest("malformed");
    world.publish(manifestUrl("0.14.0", "dev", "x86_64"),
        "{\"version\": \"0.14.0\", \"arch\": \"x86_64\"}".getBytes(), releaseIdentity("0.14.0"));
    assertThat(world.decide(forge(), image("0.14.0", d)).denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.MANIFEST_INVALID);
      assertThat(f.message()).contains("variant must be a non-empty string");
    });
  }

  @Test
  void imagesNamedByABrokenPolicyAreDeniedNotUngoverned() {
    TrustPolicySpec spec = spec();
    spec.manifests.signer.identityRegex = "(unclosed";
    var compilation = io.trustgate.core.policy.PolicyCompiler.compile("forge", spec);
    var broken = io.trustgate.core.policy.BrokenPolicy.of("forge", spec, compilation.problems());
    DecisionEngine engine = new DecisionEngine(java.util.List.of(), java.util.List.of(broken), forge().engine().context());
    Decision d = engine.decide(java.util.List.of(new io.trustgate.core.workload.ImageOccurrence("spec.containers[0].image",
        image("0.14.0", ReleaseWorld.digest("x")))), world.clock.instant().plusSeconds(8));
    assertThat(only(d).reason()).isEqualTo(Reason.POLICY_INVALID);
    assertThat(only(d).message()).contains("spec.manifests.signer.identityRegex");
    Decision other = engine.decide(java.util.List.of(new io.trustgate.core.workload.ImageOccurrence("spec.containers[0].image",
        "nginx:1.27")), world.clock.instant().plusSeconds(8));
    assertThat(other.allowed()).isTrue();
  }

  @Test
  void objectWithTooManyImagesIsDeniedWhole() {
    var extraction = new io.trustgate.core.workload.ImageExtraction.TooManyImages("Pod", "dev", "huge", 300, 256);
    Decision d = forge().engine().decide(extraction, world.clock.instant().plusSeconds(8));
    assertThat(d.allowed()).isFalse();
    assertThat(d.objectFindings()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.TOO_MANY_IMAGES);
      assertThat(f.message()).contains("Pod dev/huge lists 300 images, more than the limit of 256");
    });
  }

  @Test
  void cachesVerifiedManifestsSoTheHotPathDoesNotFetch() {
    String d = world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    world.publishList(1L, null);
    PolicyRuntime runtime = forge();
    world.decide(runtime, image("0.14.0", d));
    int fetches = world.evidence.totalFetches();
    for (int i = 0; i < 5; i++) {
      assertThat(world.decide(runtime, image("0.14.0", d)).allowed()).isTrue();
    }
    assertThat(world.evidence.totalFetches()).isEqualTo(fetches);
  }

  @Test
  void deadlineTurnsSlowEvidenceIntoTimeout() throws Exception {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    try {
      world.executor = pool;
      world.executor.execute(() -> {}); // warm the pool
      PolicyRuntime runtime = forge();
      io.trustgate.core.manifest.ManifestCache blocking = new io.trustgate.core.manifest.ManifestCache(
          new io.trustgate.core.manifest.ManifestFetcher(url -> {
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new io.trustgate.core.evidence.FetchResult.NotFound(url);
          }), pool, world.clock);
      DecisionEngine engine = new DecisionEngine(runtime.policies(), new DecisionContext(blocking,
          runtime.engine().context().verifiers(), runtime.engine().context().revocations(), EscapeHatches.none(),
          java.time.Clock.systemUTC()));
      Decision d = engine.decide(
          java.util.List.of(new io.trustgate.core.workload.ImageOccurrence("spec.containers[0].image",
              image("0.14.0", ReleaseWorld.digest("slow")))),
          Instant.now().plusMillis(200));
      assertThat(d.denials()).singleElement().extracting(Finding::reason).isEqualTo(Reason.TIMEOUT);
    } finally {
      never.countDown();
      pool.shutdownNow();
    }
  }
}
