package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.testing.ReleaseWorld;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RevocationListHolderTest {
  final ReleaseWorld world = new ReleaseWorld();
  final RevocationRule rule =
      PolicyCompiler.compile("forge", ReleaseWorld.spec()).policy().orElseThrow().revocations().orElseThrow();
  final RevocationListHolder holder =
      RevocationListHolder.verifying("forge", rule, world.evidence, world.verifier, world.clock);

  @Test
  void startsUnloaded() {
    assertThat(holder.state().loaded()).isFalse();
    assertThat(holder.state().fresh(world.clock.instant(), rule.maxStaleness())).isFalse();
  }

  @Test
  void acceptsAVerifiedListAndRecordsItsHash() {
    world.publishList(7L, "2026-05-15T00:00:00Z", "0.13.0 dev x86_64 bad");
    RevocationState s = holder.refresh();
    assertThat(s.lastFailure()).isNull();
    assertThat(s.accepted()).get().satisfies(a -> {
      assertThat(a.sha256()).hasSize(64);
      assertThat(a.fetchedAt()).isEqualTo(world.clock.instant());
      assertThat(a.list().keys()).hasSize(1);
    });
    assertThat(s.fresh(world.clock.instant(), rule.maxStaleness())).isTrue();
  }

  @Test
  void reVerifiesNothingWhenTheBytesAreUnchanged() {
    world.publishList(7L, null);
    holder.refresh();
    int before = world.evidence.fetchCount(ReleaseWorld.LIST_URL + ".bundle");
    world.clock.advance(Duration.ofHours(24));
    RevocationState s = holder.refresh();
    assertThat(world.evidence.fetchCount(ReleaseWorld.LIST_URL + ".bundle")).isEqualTo(before);
    assertThat(s.lastSuccessAt()).isEqualTo(world.clock.instant());
  }

  @Test
  void aMissingBundleIsAnInvalidList() {
    world.evidence.put(ReleaseWorld.LIST_URL, ReleaseWorld.listJson(1L, null));
    RevocationState s = holder.refresh();
    assertThat(s.lastFailure()).isEqualTo(RevocationState.RefreshFailure.INVALID);
    assertThat(s.lastError()).contains("no signature bundle");
  }

  @Test
  void aMalformedListIsRejectedAndTheOldOneKept() {
    world.publishList(1L, null, "0.13.0 dev x86_64 bad");
    holder.refresh();
    world.publish(ReleaseWorld.LIST_URL, "{\"revocations\": 5}".getBytes(), ReleaseWorld.REVOCATION_IDENTITY);
    RevocationState s = holder.refresh();
    assertThat(s.lastFailure()).isEqualTo(RevocationState.RefreshFailure.INVALID);
    assertThat(s.listOrEmpty().entryFor("0.13.0", "dev", "x86_64")).isPresent();
  }

  @Test
  void withoutAVerifierNothingIsAcceptedUnlessSkippingIsExplicit() {
    world.evidence.put(ReleaseWorld.LIST_URL, ReleaseWorld.listJson(1L, null));
    RevocationListHolder noRoot =
        new RevocationListHolder("forge", rule, world.evidence, java.util.Optional.empty(), false, world.clock);
    RevocationState s = noRoot.refresh();
    assertThat(s.loaded()).isFalse();
    assertThat(s.lastError()).contains("trust root of policy forge is not available");
    RevocationListHolder skipping =
        new RevocationListHolder("forge", rule, world.evidence, java.util.Optional.empty(), true, world.clock);
    assertThat(skipping.refresh().accepted()).get().satisfies(a -> assertThat(a.signatureSkipped()).isTrue());
  }

  @Test
  void backsOffAfterFailuresButNeverBeyondTheInterval() {
    world.evidence.fail(ReleaseWorld.LIST_URL, "down");
    holder.refresh();
    assertThat(holder.nextRefreshDelay()).isEqualTo(Duration.ofSeconds(10));
    holder.refresh();
    assertThat(holder.nextRefreshDelay()).isEqualTo(Duration.ofSeconds(20));
    for (int i = 0; i < 20; i++) {
      holder.refresh();
    }
    assertThat(holder.nextRefreshDelay()).isEqualTo(Duration.ofMinutes(10));
    world.publishList(1L, null);
    holder.refresh();
    assertThat(holder.nextRefreshDelay()).isEqualTo(Duration.ofHours(24));
  }
}
