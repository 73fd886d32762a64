package io.trustgate.core.decision;

import static io.trustgate.core.testing.ReleaseWorld.IMAGE;
import static io.trustgate.core.testing.ReleaseWorld.LIST_URL;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A denial carries every finding that applies, recall first: no check hides the recall reason
 * whenever the recalled release is known.
 */
class FindingCombinationsTest {
  static final String RECALL = "0.13.0 dev x86_64 CVE-2026-0001 in nix daemon; upgrade to 0.14.1";
  static final String REASON = "CVE-2026-0001 in nix daemon; upgrade to 0.14.1";
  static final Instant PAST = ReleaseWorld.NOW.minus(Duration.ofDays(1));

  final ReleaseWorld world = new ReleaseWorld();

  /** A 0.13.0 dev release on both arches; x86_64 expires as given. Returns the x86_64 digest. */
  String release013(Instant x86NotAfter) {
    String d = ReleaseWorld.digest("0.13.0/x86_64");
    world.publish(manifestUrl("0.13.0", "dev", "x86_64"),
        manifestJson("0.13.0", "dev", "x86_64", x86NotAfter, d), releaseIdentity("0.13.0"));
    world.release("0.13.0", "aarch64");
    return d;
  }

  PolicyRuntime runtime(TrustPolicySpec spec) {
    return world.runtime(compile("forge", spec));
  }

  static List<Reason> reasons(Decision d) {
    return d.findings().stream().map(Finding::reason).toList();
  }

  static void recallQuotedVerbatim(Finding f) {
    assertThat(f.reason()).isEqualTo(Reason.RECALLED);
    assertThat(f.denies()).isTrue();
    assertThat(f.message()).contains(REASON, "0.13.0 dev/x86_64");
  }

  @Test
  void recalledAndExpiredCarriesBothRecallFirst() {
    String d = release013(PAST);
    world.publishList(1L, null, RECALL);
    Decision decision = world.decide(runtime(spec()), image("0.13.0", d));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.EXPIRED);
    assertThat(decision.denials()).hasSize(2);
    recallQuotedVerbatim(decision.findings().get(0));
  }

  @Test
  void recalledAndExpiredUnderExpiryWarnDeniesForTheRecallAndWarnsOfExpiry() {
    String d = release013(PAST);
    world.publishList(1L, null, RECALL);
    TrustPolicySpec spec = spec();
    spec.expiry = PolicyMode.Warn;
    Decision decision = world.decide(runtime(spec), image("0.13.0", d));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.EXPIRED);
    assertThat(decision.warnings()).singleElement().extracting(Finding::reason).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void recalledAndUnpinnedReportsTheRecallOfTheTaggedVersionWithoutFetching() {
    release013(NOT_AFTER);
    world.publishList(1L, null, RECALL);
    Decision decision = world.decide(runtime(spec()), IMAGE + ":v0.13.0");
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.NO_DIGEST);
    recallQuotedVerbatim(decision.findings().get(0));
    assertThat(world.evidence.fetchCount(manifestUrl("0.13.0", "dev", "x86_64"))).isZero();
  }

  @Test
  void recalledWithoutDigestWhereDigestsAreOptionalIsDeniedForTheRecall() {
    release013(NOT_AFTER);
    world.publishList(1L, null, RECALL);
    TrustPolicySpec spec = spec();
    spec.requireDigest = false;
    Decision decision = world.decide(runtime(spec), IMAGE + ":v0.13.0");
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.NO_DIGEST);
    assertThat(decision.denials()).singleElement().extracting(Finding::reason).isEqualTo(Reason.RECALLED);
  }

  @Test
  void recalledAndDigestNotInManifestCarriesBoth() {
    release013(NOT_AFTER);
    world.publishList(1L, null, RECALL);
    Decision decision = world.decide(runtime(spec()), image("0.13.0", ReleaseWorld.digest("rebuilt")));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.DIGEST_NOT_IN_MANIFEST);
    recallQuotedVerbatim(decision.findings().get(0));
  }

  @Test
  void digestNotInManifestReportsTheRecallOfEveryArchOfTheVersion() {
    release013(NOT_AFTER);
    world.publishList(1L, null, "0.13.0 dev aarch64 arm only; upgrade");
    Decision decision = world.decide(runtime(spec()), image("0.13.0", ReleaseWorld.digest("rebuilt")));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.DIGEST_NOT_IN_MANIFEST);
    assertThat(decision.findings().get(0).message()).contains("arm only", "0.13.0 dev/aarch64");
  }

  @Test
  void digestNotInManifestDoesNotClaimTheExpiryOfManifestsThatDoNotListIt() {
    release013(PAST);
    world.publishList(1L, null);
    Decision decision = world.decide(runtime(spec()), image("0.13.0", ReleaseWorld.digest("rebuilt")));
    assertThat(reasons(decision)).containsExactly(Reason.DIGEST_NOT_IN_MANIFEST);
  }

  @Test
  void recallOfAnotherArchDoesNotDenyWhenAVerifiedManifestFixesTheArch() {
    String d = release013(NOT_AFTER);
    world.publishList(1L, null, "0.13.0 dev aarch64 arm only; upgrade");
    assertThat(world.decide(runtime(spec()), image("0.13.0", d)).findings()).isEmpty();
  }

  @Test
  void recalledAndManifestUnavailableCarriesBoth() {
    world.publishList(1L, null, RECALL);
    Decision decision = world.decide(runtime(spec()), image("0.13.0", ReleaseWorld.digest("0.13.0/x86_64")));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.MANIFEST_UNAVAILABLE);
    recallQuotedVerbatim(decision.findings().get(0));
  }

  @Test
  void recalledAndManifestSignedByTheWrongIdentityCarriesBoth() {
    String d = ReleaseWorld.digest("0.13.0/x86_64");
    for (String arch : List.of("x86_64", "aarch64")) {
      world.publish(manifestUrl("0.13.0", "dev", arch), manifestJson("0.13.0", "dev", arch, NOT_AFTER, d),
          releaseIdentity("0.12.0"));
    }
    world.publishList(1L, null, RECALL);
    Decision decision = world.decide(runtime(spec()), image("0.13.0", d));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.IDENTITY_MISMATCH);
  }

  @Test
  void trustRootUnavailableClaimsNoRecallFromAListItCannotVerify() {
    String d = release013(NOT_AFTER);
    world.publishList(1L, null, RECALL);
    PolicyRuntime r = PolicyRuntime.create(List.of(compile("forge", spec())), world.evidence,
        world.manifestCache(), root -> Optional.empty(), EscapeHatches.none(), world.clock, Map.of());
    r.refreshAllNow();
    Decision decision = world.decide(r, image("0.13.0", d));
    // The same root verifies the list: without it, the list is unverified and says nothing.
    assertThat(reasons(decision)).containsExactly(Reason.UNTRUSTED_ROOT);
  }

  @Test
  void recalledFromAStaleListCarriesTheRecallAndTheStaleness() {
    String d = release013(NOT_AFTER);
    world.publishList(1L, null, RECALL);
    PolicyRuntime r = runtime(spec());
    world.evidence.fail(LIST_URL, "connection refused");
    world.clock.advance(Duration.ofDays(8));
    r.refreshAllNow();
    Decision decision = world.decide(r, image("0.13.0", d));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.REVOCATION_LIST_STALE);
  }

  @Test
  void expiredAndStaleCarriesBoth() {
    String d = release013(ReleaseWorld.NOW.plus(Duration.ofDays(1)));
    world.publishList(1L, null);
    PolicyRuntime r = runtime(spec());
    world.evidence.fail(LIST_URL, "connection refused");
    world.clock.advance(Duration.ofDays(8));
    r.refreshAllNow();
    assertThat(reasons(world.decide(r, image("0.13.0", d))))
        .containsExactly(Reason.EXPIRED, Reason.REVOCATION_LIST_STALE);
  }

  @Test
  void unpinnedAndUnversionedCarriesBoth() {
    assertThat(reasons(world.decide(runtime(spec()), IMAGE + ":latest")))
        .containsExactly(Reason.NO_DIGEST, Reason.NO_VERSION);
  }

  @Test
  void untaggedImageSaysSoInOneSentence() {
    Decision decision = world.decide(runtime(spec()), IMAGE + "@sha256:" + ReleaseWorld.digest("x"));
    assertThat(decision.findings().get(0).message()).startsWith("has no tag, so it names no release version");
  }

  @Test
  void warnModePolicyWarnsOfRecallAndExpiryRecallFirst() {
    String d = release013(PAST);
    world.publishList(1L, null, RECALL);
    TrustPolicySpec spec = spec();
    spec.mode = PolicyMode.Warn;
    Decision decision = world.decide(runtime(spec), image("0.13.0", d));
    assertThat(decision.allowed()).isTrue();
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.EXPIRED);
  }

  @Test
  void recallOfOnePolicyComesBeforeDenialsOfAnother() {
    String d = release013(NOT_AFTER);
    world.publishList(1L, null, RECALL);
    TrustPolicySpec strict = spec();
    strict.revocations = null;
    strict.manifests.url = ReleaseWorld.BASE + "/elsewhere/v{version}/{variant}-{arch}.json";
    PolicyRuntime r = world.runtime(compile("a-strict", strict), compile("forge", spec()));
    Decision decision = world.decide(r, image("0.13.0", d));
    assertThat(reasons(decision)).containsExactly(Reason.RECALLED, Reason.MANIFEST_UNAVAILABLE);
    assertThat(decision.findings().get(0).policy()).isEqualTo("forge");
  }
}
