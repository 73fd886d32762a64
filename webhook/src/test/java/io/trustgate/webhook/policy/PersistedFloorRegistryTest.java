package io.trustgate.webhook.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.PolicyDocument;
import io.trustgate.core.revocation.RevocationFloor;
import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageOccurrence;
import io.trustgate.kube.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registries (webhook replicas) fed the revocation floor a policy's status carries. */
class PersistedFloorRegistryTest {
  static final String RECALL = "CVE-2026-0001 in nix daemon; upgrade to 1.0.1";

  ReleaseWorld world;
  String recalled;
  String current;
  RevocationFloor floor;
  final List<PolicyRegistry> registries = new ArrayList<>();
  final List<ScheduledExecutorService> executors = new ArrayList<>();

  @BeforeEach
  void setUp() {
    world = new ReleaseWorld();
    recalled = ReleaseWorld.image("1.0.0", world.release("1.0.0", "x86_64"));
    current = ReleaseWorld.image("1.0.1", world.release("1.0.1", "x86_64"));
    // What the operator persisted after verifying sequence 7.
    world.publishList(7L, "2026-05-15T00:00:00Z", "1.0.0 dev x86_64 " + RECALL);
    RevocationListHolder operator = RevocationListHolder.verifying("forge",
        PolicyCompiler.compile("forge", ReleaseWorld.spec()).policy().orElseThrow().revocations().orElseThrow(),
        world.evidence, world.verifier, world.clock);
    operator.refresh();
    floor = operator.floorToPersist().orElseThrow();
  }

  @AfterEach
  void tearDown() {
    registries.forEach(PolicyRegistry::close);
    executors.forEach(ScheduledExecutorService::shutdownNow);
  }

  /** A fresh replica that has read the given policies. */
  PolicyRegistry replica(PolicyDocument... policies) {
    TestingPolicySource source = new TestingPolicySource();
    ScheduledExecutorService refreshes = Executors.newSingleThreadScheduledExecutor();
    executors.add(refreshes);
    PolicyRegistry r = new PolicyRegistry(source, VerifierProvider.fixed(world.verifier), world.evidence,
        EscapeHatches.none(), world.clock, refreshes, Runnable::run);
    registries.add(r);
    r.start();
    source.deliver(policies);
    Eventually.await("the replica is ready", () -> r.ready().ready(), () -> r.ready().reasons().toString());
    return r;
  }

  PolicyDocument withFloor(String name, TrustPolicySpec spec) {
    return new PolicyDocument(name, spec, "test policy " + name, Optional.of(floor));
  }

  Decision decide(PolicyRegistry r, String image) {
    return r.engine().decide(List.of(new ImageOccurrence("spec.containers[0].image", image)),
        world.clock.instant().plus(Duration.ofSeconds(8)));
  }

  @Test
  void aFreshReplicaServedALowerSequenceKeepsTheRecallAndFailsClosed() {
    world.publishList(6L, "2026-05-14T00:00:00Z");
    PolicyRegistry r = replica(withFloor("forge", ReleaseWorld.spec()));
    // Every finding that applies, the recall first.
    List<Finding> recalledDenials = decide(r, recalled).denials();
    assertThat(recalledDenials).extracting(Finding::reason)
        .containsExactly(Reason.RECALLED, Reason.REVOCATION_LIST_ROLLBACK);
    assertThat(recalledDenials.get(0).message()).contains(RECALL);
    assertThat(decide(r, current).denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.REVOCATION_LIST_ROLLBACK);
      assertThat(f.message()).contains("sequence went back from 7 to 6");
    });
  }

  @Test
  void aFreshReplicaServedANewerListThatDropsTheRecallKeepsDenyingIt() {
    world.publishList(8L, "2026-05-16T00:00:00Z");
    PolicyRegistry r = replica(withFloor("forge", ReleaseWorld.spec()));
    assertThat(decide(r, recalled).denials()).extracting(Finding::reason)
        .containsExactly(Reason.RECALLED, Reason.REVOCATION_LIST_ROLLBACK);
    assertThat(decide(r, current).denials()).singleElement().satisfies(f ->
        assertThat(f.message()).contains("drops the accepted recall of 1.0.0 dev/x86_64"));
  }

  @Test
  void aFreshReplicaServedA404IsNotToldThereAreNoRecalls() {
    world.evidence.remove(ReleaseWorld.LIST_URL).remove(ReleaseWorld.LIST_URL + ".bundle");
    PolicyRegistry r = replica(withFloor("forge", ReleaseWorld.spec()));
    assertThat(r.holders().get("forge").state().nonePublished()).isFalse();
    assertThat(decide(r, recalled).denials()).extracting(Finding::reason)
        .containsExactly(Reason.RECALLED, Reason.REVOCATION_LIST_STALE);
    assertThat(decide(r, current).denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.REVOCATION_LIST_STALE);
      assertThat(f.message()).contains("at least as new as the accepted sequence 7", "404");
    });
  }

  @Test
  void twoReplicasFedTheSameStatusDecideTheSame() {
    // One replica has run since before the mirror went back; the other starts afterwards.
    PolicyRegistry old = replica(withFloor("forge", ReleaseWorld.spec()));
    world.publishList(6L, "2026-05-14T00:00:00Z");
    PolicyRegistry fresh = replica(withFloor("forge", ReleaseWorld.spec()));
    for (PolicyRegistry r : List.of(old, fresh)) {
      assertThat(decide(r, recalled).denials()).extracting(Finding::reason).first().isEqualTo(Reason.RECALLED);
    }
    PolicyRegistry another = replica(withFloor("forge", ReleaseWorld.spec()));
    assertThat(decide(another, current).denials()).extracting(Finding::reason)
        .isEqualTo(decide(fresh, current).denials().stream().map(Finding::reason).toList())
        .containsExactly(Reason.REVOCATION_LIST_ROLLBACK);
  }

  @Test
  void aFloorRaisedWhileRunningIsEnforcedAtOnceAndTriggersARefresh() {
    world.publishList(6L, "2026-05-14T00:00:00Z");
    TestingPolicySource source = new TestingPolicySource();
    ScheduledExecutorService refreshes = Executors.newSingleThreadScheduledExecutor();
    executors.add(refreshes);
    PolicyRegistry r = new PolicyRegistry(source, VerifierProvider.fixed(world.verifier), world.evidence,
        EscapeHatches.none(), world.clock, refreshes, Runnable::run);
    registries.add(r);
    r.start();
    source.deliver(TestingPolicySource.policy("forge", ReleaseWorld.spec()));
    Eventually.await("sequence 6 accepted", () -> r.holders().get("forge").state().loaded());
    assertThat(decide(r, recalled).allowed()).as("sequence 6 recalls nothing").isTrue();
    int fetches = world.evidence.fetchCount(ReleaseWorld.LIST_URL);

    source.deliver(withFloor("forge", ReleaseWorld.spec())); // the operator accepted sequence 7

    assertThat(decide(r, recalled).denials()).extracting(Finding::reason).containsExactly(Reason.RECALLED);
    Eventually.await("a refresh ran at once", () -> world.evidence.fetchCount(ReleaseWorld.LIST_URL) > fetches);
  }

  @Test
  void aFloorOnlyBindsThePolicyWhoseStatusCarriesIt() {
    TrustPolicySpec other = ReleaseWorld.spec();
    other.images = List.of(new ImageSelector("ghcr.io/acme-labs/other*", "dev"));
    world.publishList(6L, "2026-05-14T00:00:00Z");
    PolicyRegistry r = replica(TestingPolicySource.policy("other", other));
    assertThat(r.holders().get("other").state().loaded()).isTrue();
    assertThat(r.holders().get("other").state().floor()).isEmpty();
  }
}
