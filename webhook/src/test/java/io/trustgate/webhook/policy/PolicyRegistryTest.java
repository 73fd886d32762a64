package io.trustgate.webhook.policy;

import io.trustgate.kube.testing.Eventually;

import static io.trustgate.webhook.policy.TestingPolicySource.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.Skip;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageOccurrence;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry over a hand-driven source: generations, holders, readiness. */
class PolicyRegistryTest {
  static final String RECALL = "CVE-2026-0001 in nix daemon; upgrade to 1.0.1";

  ReleaseWorld world;
  TestingPolicySource source;
  ScheduledExecutorService refreshes;
  AtomicReference<BundleVerifier> root;
  PolicyRegistry registry;
  String recalled;
  String current;

  @BeforeEach
  void setUp() {
    world = new ReleaseWorld();
    recalled = ReleaseWorld.image("1.0.0", world.release("1.0.0", "x86_64"));
    current = ReleaseWorld.image("1.0.1", world.release("1.0.1", "x86_64"));
    world.publishList(7L, "2026-05-15T00:00:00Z", "1.0.0 dev x86_64 " + RECALL);
    source = new TestingPolicySource();
    refreshes = Executors.newSingleThreadScheduledExecutor();
    root = new AtomicReference<>(world.verifier);
    VerifierProvider verifiers = ref -> Optional.ofNullable(root.get());
    registry = new PolicyRegistry(source, verifiers, world.evidence, EscapeHatches.none(), world.clock,
        refreshes, Runnable::run);
    registry.start();
  }

  @AfterEach
  void tearDown() {
    registry.close();
    refreshes.shutdownNow();
  }

  Decision decide(String image) {
    return registry.engine().decide(List.of(new ImageOccurrence("spec.containers[0].image", image)),
        world.clock.instant().plus(Duration.ofSeconds(8)));
  }

  void awaitReady() {
    Eventually.await("the registry is ready", () -> registry.ready().ready(), () -> registry.ready().reasons().toString());
  }

  @Test
  void governsNothingAndIsNotReadyBeforeTheFirstDelivery() {
    assertThat(decide(recalled).allowed()).isTrue();
    assertThat(decide(recalled).images().get(0).governed()).isFalse();
    assertThat(registry.ready().ready()).isFalse();
    assertThat(registry.ready().reasons()).containsExactly("TrustPolicies not loaded yet from test source");
  }

  @Test
  void deniesARecalledReleaseOnceItsListIsLoaded() {
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    Decision d = decide(recalled);
    assertThat(d.allowed()).isFalse();
    assertThat(d.denials()).extracting(Finding::reason).containsExactly(Reason.RECALLED);
    assertThat(d.denials().get(0).message()).contains(RECALL);
    assertThat(decide(current).allowed()).as(decide(current).findings().toString()).isTrue();
    assertThat(registry.policyCount()).isEqualTo(1);
    assertThat(registry.revocationStatus()).singleElement().satisfies(s -> {
      assertThat(s.policy()).isEqualTo("forge");
      assertThat(s.loaded()).isTrue();
      assertThat(s.sequence()).hasValue(7);
      assertThat(s.entries()).isEqualTo(1);
      assertThat(s.age()).contains(Duration.ZERO);
      assertThat(s.lastError()).isNull();
    });
  }

  @Test
  void aChangedModeIsRecompiled() {
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    assertThat(decide(recalled).allowed()).isFalse();

    TrustPolicySpec warn = ReleaseWorld.spec();
    warn.mode = PolicyMode.Warn;
    source.deliver(policy("forge", warn));
    Decision d = decide(recalled);
    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings()).extracting(Finding::reason).contains(Reason.RECALLED);
  }

  @Test
  void aDeletedPolicyNoLongerGoverns() {
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    source.deliver();
    Decision d = decide(recalled);
    assertThat(d.allowed()).isTrue();
    assertThat(d.images().get(0).governed()).isFalse();
    assertThat(registry.holders()).isEmpty();
    assertThat(registry.ready().ready()).isTrue();
  }

  @Test
  void anInvalidPolicyDeniesTheImagesItNames() {
    TrustPolicySpec broken = ReleaseWorld.spec();
    broken.manifests = null;
    source.deliver(policy("forge", broken));
    Decision d = decide(current);
    assertThat(d.allowed()).isFalse();
    assertThat(d.denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.POLICY_INVALID);
      assertThat(f.message()).contains("spec.manifests: is required");
    });
    assertThat(decide("docker.io/library/nginx:1.27").allowed()).isTrue();
    assertThat(registry.brokenPolicyCount()).isEqualTo(1);
    assertThat(registry.policyCount()).isZero();
    // A broken policy is the policy author's to fix; the webhook itself can serve.
    assertThat(registry.ready().ready()).isTrue();
  }

  @Test
  void aNameDeliveredTwiceDeniesWhatTheSecondNames() {
    TrustPolicySpec other = ReleaseWorld.spec();
    other.images = List.of(new io.trustgate.api.v1alpha1.ImageSelector("ghcr.io/acme-labs/other*", "dev"));
    source.deliver(policy("forge", ReleaseWorld.spec()), policy("forge", other));
    Decision d = decide("ghcr.io/acme-labs/other:v1.0.0@sha256:" + ReleaseWorld.digest("x"));
    assertThat(d.denials()).extracting(Finding::reason).containsExactly(Reason.POLICY_INVALID);
    assertThat(d.denials().get(0).message()).contains("defined more than once");
  }

  @Test
  void aListThatIsNotPublishedYetCountsAsLoaded() {
    world.evidence.remove(ReleaseWorld.LIST_URL).remove(ReleaseWorld.LIST_URL + ".bundle");
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    assertThat(registry.revocationStatus().get(0).nonePublished()).isTrue();
    assertThat(decide(recalled).allowed()).isTrue();
  }

  @Test
  void aListThatFailsVerificationDeniesOnlyItsPolicysImagesAndTheWebhookServes() {
    // Signed by the release workflow instead of the revocation workflow: domain separation.
    world.publish(ReleaseWorld.LIST_URL, ReleaseWorld.listJson(8L, null), ReleaseWorld.releaseIdentity("1.0.0"));
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    var report = registry.ready();
    assertThat(report.reasons()).isEmpty();
    assertThat(report.degraded()).singleElement().asString().startsWith("1 of 1 revocation list(s) could not be loaded")
        .doesNotContain(ReleaseWorld.LIST_URL).doesNotContain("forge");
    assertThat(registry.revocationStatus().get(0).lastError()).contains("IDENTITY_MISMATCH");
    assertThat(decide(current).denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.REVOCATION_LIST_INVALID);
      assertThat(f.message()).contains("IDENTITY_MISMATCH");
    });
  }

  @Test
  void anEditThatLeavesTheListAloneKeepsItsVerifiedList() {
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    RevocationListHolder before = registry.holders().get("forge");
    int fetches = world.evidence.fetchCount(ReleaseWorld.LIST_URL);
    // The publisher is down from now on: only the list already verified can still recall.
    world.evidence.fail(ReleaseWorld.LIST_URL, "HTTP status 503");

    TrustPolicySpec edited = ReleaseWorld.spec();
    edited.expiry = PolicyMode.Warn;
    edited.arches = List.of(io.trustgate.api.v1alpha1.Arch.x86_64);
    source.deliver(policy("forge", edited));

    assertThat(registry.holders().get("forge")).isSameAs(before);
    assertThat(registry.holders().get("forge").state().loaded()).isTrue();
    assertThat(registry.ready().ready()).isTrue();
    assertThat(decide(recalled).denials()).extracting(Finding::reason).containsExactly(Reason.RECALLED);
    assertThat(world.evidence.fetchCount(ReleaseWorld.LIST_URL)).isEqualTo(fetches);
  }

  @Test
  void anEditOfTheListRuleStartsAFreshHolder() {
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    RevocationListHolder before = registry.holders().get("forge");
    int fetches = world.evidence.fetchCount(ReleaseWorld.LIST_URL);

    TrustPolicySpec edited = ReleaseWorld.spec();
    edited.revocations.refreshInterval = "12h";
    source.deliver(policy("forge", edited));

    assertThat(registry.holders().get("forge")).isNotSameAs(before);
    Eventually.await("the new holder loaded", () -> registry.holders().get("forge").state().loaded());
    assertThat(world.evidence.fetchCount(ReleaseWorld.LIST_URL)).isGreaterThan(fetches);
  }

  @Test
  void aListWhoseTrustRootIsMissingIsNotFetchedUntilTheRootAppears() {
    root.set(null);
    source.deliver(policy("forge", ReleaseWorld.spec()));
    assertThat(registry.ready().reasons()).contains(
        "policy forge: trust root public-good is not available",
        "policy forge: revocation list " + ReleaseWorld.LIST_URL + " is not loaded: waiting for its trust root");
    assertThat(decide(current).denials()).extracting(Finding::reason).contains(Reason.UNTRUSTED_ROOT);

    // A policy that skips signatures is refreshed; its refresh was queued after any refresh of
    // forge's list, so once it is done forge's list would have been fetched had it been started.
    TrustPolicySpec skipping = ReleaseWorld.spec();
    skipping.images = List.of(new io.trustgate.api.v1alpha1.ImageSelector("ghcr.io/acme-labs/skipping*", "dev"));
    skipping.revocations.url = ReleaseWorld.BASE + "/revocations/skipping.json";
    skipping.skip = new Skip();
    skipping.skip.cosignVerify = true;
    source.deliver(policy("forge", ReleaseWorld.spec()), policy("skipping", skipping));
    Eventually.await("the skipping policy's list loaded", () -> registry.holders().get("skipping").state().loaded());
    assertThat(world.evidence.fetchCount(ReleaseWorld.LIST_URL)).isZero();

    root.set(world.verifier);
    registry.rebuild();
    awaitReady();
    assertThat(registry.holders().get("forge").verifier()).containsSame(world.verifier);
    assertThat(decide(recalled).denials()).extracting(Finding::reason).containsExactly(Reason.RECALLED);
  }

  @Test
  void tellsListenersAfterEveryRefresh() {
    List<String> refreshed = new CopyOnWriteArrayList<>();
    registry.addRevocationRefreshListener(h -> refreshed.add(h.policy() + " " + h.state().loaded()));
    source.deliver(policy("forge", ReleaseWorld.spec()));
    Eventually.await("the listener heard of the refresh", () -> !refreshed.isEmpty());
    assertThat(refreshed).containsExactly("forge true");
  }

  @Test
  void sharesOneManifestCacheAcrossGenerations() {
    source.deliver(policy("forge", ReleaseWorld.spec()));
    awaitReady();
    decide(current);
    long misses = registry.manifestCache().misses();
    TrustPolicySpec edited = ReleaseWorld.spec();
    edited.expiry = PolicyMode.Warn;
    source.deliver(policy("forge", edited));
    decide(current);
    assertThat(registry.manifestCache().misses()).isEqualTo(misses);
    assertThat(registry.manifestCache().hits()).isPositive();
  }

  @Test
  void closingStopsTheSource() {
    registry.close();
    assertThat(source.closed).isTrue();
  }
}
