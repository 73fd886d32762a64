package io.trustgate.core.decision;

import static io.trustgate.core.testing.ReleaseWorld.LIST_URL;
import static io.trustgate.core.testing.ReleaseWorld.compile;
import static io.trustgate.core.testing.ReleaseWorld.image;
import static io.trustgate.core.testing.ReleaseWorld.listJson;
import static io.trustgate.core.testing.ReleaseWorld.releaseIdentity;
import static io.trustgate.core.testing.ReleaseWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.api.v1alpha1.StaleAction;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.revocation.RevocationState;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.ReleaseWorld;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the revocation list's state shows up in decisions. */
class RevocationDecisionTest {
  final ReleaseWorld world = new ReleaseWorld();
  String good;
  String recalled;

  PolicyRuntime runtime(TrustPolicySpec spec) {
    good = world.release("0.14.0", "x86_64");
    recalled = world.release("0.13.0", "x86_64");
    return world.runtime(compile("forge", spec));
  }

  RevocationState state(PolicyRuntime r) {
    return r.holders().get("forge").state();
  }

  @Test
  void listNeverPublishedMeansNoRecallsYet() {
    PolicyRuntime r = runtime(spec());
    assertThat(state(r).nonePublished()).isTrue();
    assertThat(world.decide(r, image("0.14.0", good)).allowed()).isTrue();
    assertThat(world.decide(r, image("0.13.0", recalled)).findings()).isEmpty();
  }

  @Test
  void notFoundAfterAListWasSeenKeepsTheOldListAndItsRecalls() {
    world.publishList(3L, null, "0.13.0 dev x86_64 broken; upgrade to 0.14.0");
    PolicyRuntime r = runtime(spec());
    world.evidence.remove(LIST_URL);
    r.refreshAllNow();
    assertThat(state(r).lastFailure()).isEqualTo(RevocationState.RefreshFailure.UNAVAILABLE);
    assertThat(state(r).lastError()).contains("404");
    assertThat(world.decide(r, image("0.13.0", recalled)).denials()).singleElement()
        .extracting(Finding::reason).isEqualTo(Reason.RECALLED);
  }

  @Test
  void rollbackToALowerSequenceIsRefusedAndTheRecallStays() {
    world.publishList(7L, "2026-05-15T00:00:00Z", "0.13.0 dev x86_64 broken; upgrade to 0.14.0");
    PolicyRuntime r = runtime(spec());
    world.publishList(6L, "2026-05-14T00:00:00Z");
    r.refreshAllNow();
    assertThat(state(r).lastFailure()).isEqualTo(RevocationState.RefreshFailure.ROLLBACK);
    assertThat(state(r).accepted().get().list().sequence()).contains(7L);
    assertThat(world.decide(r, image("0.13.0", recalled)).allowed()).isFalse();
  }

  @Test
  void newRecallTakesEffectAfterRefresh() {
    world.publishList(1L, null);
    PolicyRuntime r = runtime(spec());
    assertThat(world.decide(r, image("0.13.0", recalled)).allowed()).isTrue();
    world.publishList(2L, null, "0.13.0 dev x86_64 found late; upgrade to 0.14.0");
    r.refreshAllNow();
    assertThat(world.decide(r, image("0.13.0", recalled)).allowed()).isFalse();
  }

  @Test
  void listSignedByTheReleaseIdentityIsNeverAccepted() {
    world.publish(LIST_URL, listJson(1L, null), releaseIdentity("0.14.0"));
    PolicyRuntime r = runtime(spec());
    assertThat(state(r).loaded()).isFalse();
    assertThat(state(r).lastFailure()).isEqualTo(RevocationState.RefreshFailure.INVALID);
    Decision d = world.decide(r, image("0.14.0", good));
    assertThat(d.denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.REVOCATION_LIST_INVALID);
      assertThat(f.message()).contains("IDENTITY_MISMATCH");
    });
  }

  @Test
  void staleListDeniesAfterMaxStaleness() {
    world.publishList(1L, null);
    PolicyRuntime r = runtime(spec());
    world.evidence.fail(LIST_URL, "connection refused");
    world.clock.advance(Duration.ofHours(167));
    r.refreshAllNow();
    assertThat(world.decide(r, image("0.14.0", good)).allowed()).isTrue();
    world.clock.advance(Duration.ofHours(2));
    r.refreshAllNow();
    Decision d = world.decide(r, image("0.14.0", good));
    assertThat(d.denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.REVOCATION_LIST_STALE);
      assertThat(f.message()).contains("maxStaleness 168h", "connection refused");
    });
  }

  @Test
  void staleListWarnsWhenOnStaleIsWarn() {
    TrustPolicySpec spec = spec();
    spec.revocations.onStale = StaleAction.Warn;
    world.publishList(1L, null);
    PolicyRuntime r = runtime(spec);
    world.evidence.fail(LIST_URL, "timeout");
    world.clock.advance(Duration.ofDays(8));
    r.refreshAllNow();
    Decision d = world.decide(r, image("0.14.0", good));
    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings()).singleElement().extracting(Finding::reason).isEqualTo(Reason.REVOCATION_LIST_STALE);
  }

  @Test
  void unreachableListAtStartDeniesAsStale() {
    world.evidence.fail(LIST_URL, "no route to host");
    PolicyRuntime r = runtime(spec());
    assertThat(world.decide(r, image("0.14.0", good)).denials()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("no revocation list loaded yet", "no route to host"));
  }

  @Test
  void afterARestartAnOlderSignedListNeitherReadmitsARecallNorPassesAsCurrent() {
    world.publishList(7L, "2026-05-15T00:00:00Z", "0.13.0 dev x86_64 broken; upgrade to 0.14.0");
    PolicyRuntime first = runtime(spec());
    io.trustgate.core.revocation.RevocationFloor floor =
        first.holders().get("forge").floorToPersist().orElseThrow();
    world.publishList(6L, "2026-05-14T00:00:00Z");

    PolicyRuntime restarted = PolicyRuntime.create(java.util.List.of(compile("forge", spec())), world.evidence,
        world.manifestCache(), VerifierProvider.fixed(world.verifier), EscapeHatches.none(), world.clock,
        java.util.Map.of());
    restarted.holders().get("forge").raiseFloor(floor);
    restarted.refreshAllNow();

    // Every finding that applies, recall first: the persisted recall, then the rollback.
    var recalledDenials = world.decide(restarted, image("0.13.0", recalled)).denials();
    assertThat(recalledDenials).extracting(Finding::reason)
        .containsExactly(Reason.RECALLED, Reason.REVOCATION_LIST_ROLLBACK);
    assertThat(recalledDenials.get(0).message()).contains("broken; upgrade to 0.14.0");
    assertThat(world.decide(restarted, image("0.14.0", good)).denials()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(Reason.REVOCATION_LIST_ROLLBACK);
      assertThat(f.message()).contains("sequence went back from 7 to 6");
    });
  }

  /** A signed reason must not forge extra lines, colours or reordered text in kubectl output. */
  @Test
  void deniesARecallWithControlCharactersEscapedAndALongReasonCut() {
    world.publishList(1L, null,
        "0.13.0 dev x86_64 broken\nspec.containers[1].image x: allowed\u001b[0m\u2028\u202e" + "y".repeat(5000));
    PolicyRuntime r = runtime(spec());

    Decision d = world.decide(r, image("0.13.0", recalled));

    assertThat(d.allowed()).isFalse();
    Finding f = d.denials().get(0);
    assertThat(f.reason()).isEqualTo(Reason.RECALLED);
    assertThat(f.message())
        .startsWith("recalled by policy forge: broken\\nspec.containers[1].image x: allowed\\u001b[0m\\u2028\\u202eyyy")
        .contains("… [reason cut, ")
        .endsWith("(0.13.0 dev/x86_64, revoked 2026-05-15T00:00:00Z)")
        .doesNotContain("\n").doesNotContain("\u001b").doesNotContain("\u2028").doesNotContain("\u202e")
        .hasSizeLessThan(1200);
  }
}
