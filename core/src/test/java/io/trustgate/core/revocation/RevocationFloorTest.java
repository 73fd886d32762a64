package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.RevocationFloorStatus;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.testing.ReleaseWorld;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A holder bounded by a persisted floor behaves as if it had accepted that list itself. */
class RevocationFloorTest {
  static final String RECALL = "0.13.0 dev x86_64 broken; upgrade to 0.14.0";
  final ReleaseWorld world = new ReleaseWorld();
  final RevocationRule rule =
      PolicyCompiler.compile("forge", ReleaseWorld.spec()).policy().orElseThrow().revocations().orElseThrow();

  RevocationListHolder holder() {
    return RevocationListHolder.verifying("forge", rule, world.evidence, world.verifier, world.clock);
  }

  /** The floor a first process leaves behind after accepting sequence 7 with one recall. */
  RevocationFloor floorOfSequence7() {
    world.publishList(7L, "2026-05-15T00:00:00Z", RECALL);
    RevocationListHolder first = holder();
    first.refresh();
    return first.floorToPersist().orElseThrow();
  }

  @Test
  void aRestartedHolderRefusesALowerSequenceAndKeepsDenyingThePersistedRecall() {
    RevocationFloor floor = floorOfSequence7();
    world.publishList(6L, "2026-05-14T00:00:00Z");
    RevocationListHolder restarted = holder();
    restarted.raiseFloor(floor);
    RevocationState s = restarted.refresh();
    assertThat(s.lastFailure()).isEqualTo(RevocationState.RefreshFailure.ROLLBACK);
    assertThat(s.lastError()).contains("sequence 7", "went back from 7 to 6");
    assertThat(s.loaded()).isFalse();
    assertThat(s.recallFor("0.13.0", "dev", "x86_64")).get()
        .extracting(Revocation::reason).isEqualTo("broken; upgrade to 0.14.0");
  }

  @Test
  void aNewerListThatDropsAPersistedRecallIsRefused() {
    RevocationFloor floor = floorOfSequence7();
    world.publishList(8L, "2026-05-16T00:00:00Z");
    RevocationListHolder restarted = holder();
    restarted.raiseFloor(floor);
    assertThat(restarted.refresh().lastError()).contains("drops the accepted recall of 0.13.0 dev/x86_64");
  }

  @Test
  void notFoundAfterAFloorIsAFailedRefreshNotNoRecallsYet() {
    RevocationFloor floor = floorOfSequence7();
    world.evidence.remove(ReleaseWorld.LIST_URL);
    RevocationListHolder restarted = holder();
    restarted.raiseFloor(floor);
    RevocationState s = restarted.refresh();
    assertThat(s.nonePublished()).isFalse();
    assertThat(s.loaded()).isFalse();
    assertThat(s.lastFailure()).isEqualTo(RevocationState.RefreshFailure.UNAVAILABLE);
    assertThat(s.lastError()).contains("404", "sequence 7");
  }

  @Test
  void aNewerListIsAcceptedAndRaisesTheFloorToPersist() {
    RevocationFloor floor = floorOfSequence7();
    world.publishList(8L, "2026-05-16T00:00:00Z", RECALL, "0.12.0 dev x86_64 also bad");
    RevocationListHolder restarted = holder();
    restarted.raiseFloor(floor);
    assertThat(restarted.refresh().lastFailure()).isNull();
    RevocationFloor next = restarted.floorToPersist().orElseThrow();
    assertThat(next.sequence()).isEqualTo(8L);
    assertThat(next.recalls()).hasSize(2);
  }

  @Test
  void theSameListKeepsTheFloorAsFirstAccepted() {
    RevocationFloor floor = floorOfSequence7();
    world.clock.advance(java.time.Duration.ofHours(3));
    RevocationListHolder restarted = holder();
    restarted.raiseFloor(floor);
    restarted.refresh();
    assertThat(restarted.floorToPersist()).contains(floor);
  }

  @Test
  void aFloorNeverGoesBackAndAFloorForAnotherUrlIsIgnored() {
    RevocationFloor floor = floorOfSequence7();
    RevocationListHolder h = holder();
    assertThat(h.raiseFloor(floor)).isTrue();
    RevocationFloor lower = new RevocationFloor(rule.url(), 3L, null, "00", Instant.EPOCH, List.of());
    h.raiseFloor(lower);
    assertThat(h.state().floor()).contains(floor);
    RevocationFloor elsewhere = new RevocationFloor("https://elsewhere.test/list.json", 99L, null, "00",
        Instant.EPOCH, List.of());
    assertThat(h.raiseFloor(elsewhere)).isFalse();
    assertThat(h.state().floor()).contains(floor);
  }

  @Test
  void aListAcceptedWithoutItsSignatureNeverRaisesTheFloor() {
    RevocationFloor floor = floorOfSequence7();
    world.evidence.put(ReleaseWorld.LIST_URL, ReleaseWorld.listJson(50L, "2026-05-20T00:00:00Z", RECALL));
    RevocationListHolder skipping =
        new RevocationListHolder("forge", rule, world.evidence, Optional.empty(), true, world.clock);
    skipping.raiseFloor(floor);
    assertThat(skipping.refresh().accepted()).isPresent();
    assertThat(skipping.floorToPersist()).contains(floor);
  }

  @Test
  void survivesTheRoundTripThroughStatus() {
    RevocationFloor floor = floorOfSequence7();
    RevocationFloorStatus status = FloorStatus.toStatus(floor);
    assertThat(status.sequence).isEqualTo(7L);
    assertThat(status.recalls).singleElement().satisfies(r -> assertThat(r.reason).isEqualTo("broken; upgrade to 0.14.0"));
    assertThat(FloorStatus.fromStatus(status)).contains(floor);
  }

  @Test
  void unreadableFieldsBoundNothingButReadableRecallsAreKept() {
    RevocationFloorStatus status = FloorStatus.toStatus(floorOfSequence7());
    status.issuedAt = "yesterday";
    status.sequence = -1L;
    status.recalls.add(new io.trustgate.api.v1alpha1.RecallStatus());
    RevocationFloor read = FloorStatus.fromStatus(status).orElseThrow();
    assertThat(read.issuedAt()).isNull();
    assertThat(read.sequence()).isNull();
    assertThat(read.recalls()).hasSize(1);
    status.url = null;
    assertThat(FloorStatus.fromStatus(status)).isEmpty();
  }

  @Test
  void longReasonsAreCutWhenPersisted() {
    world.publishList(1L, null, "0.13.0 dev x86_64 " + "x".repeat(2000));
    RevocationListHolder h = holder();
    h.refresh();
    String reason = h.floorToPersist().orElseThrow().recalls().get(0).reason();
    assertThat(reason).hasSizeLessThan(600).endsWith("(cut)");
  }

  @Test
  void aFloorRaisedDuringASlowRefreshIsNeitherBlockedNorLost() throws Exception {
    RevocationFloor floor = floorOfSequence7();
    java.util.concurrent.CountDownLatch fetching = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    io.trustgate.core.evidence.EvidenceSource slow = url -> {
      fetching.countDown();
      try {
        release.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return world.evidence.fetch(url);
    };
    RevocationListHolder h = RevocationListHolder.verifying("forge", rule, slow, world.verifier, world.clock);
    var refresh = java.util.concurrent.CompletableFuture.supplyAsync(h::refresh);
    assertThat(fetching.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    h.raiseFloor(floor); // must not wait for the fetch in flight
    assertThat(h.state().floor()).contains(floor);
    release.countDown();

    assertThat(refresh.get(10, java.util.concurrent.TimeUnit.SECONDS).floor()).contains(floor);
    assertThat(h.state().floor()).contains(floor);
  }

  @Test
  void aFloorArrivingAfterA404TakesBackNoRecallsYet() {
    RevocationFloor floor = floorOfSequence7();
    world.evidence.remove(ReleaseWorld.LIST_URL);
    RevocationListHolder h = holder();
    assertThat(h.refresh().nonePublished()).isTrue();

    assertThat(h.raiseFloor(floor)).as("a refresh is worth doing").isTrue();

    assertThat(h.state().nonePublished()).isFalse();
    assertThat(h.state().loaded()).isFalse();
    assertThat(h.state().recallFor("0.13.0", "dev", "x86_64")).isPresent();
  }
}
