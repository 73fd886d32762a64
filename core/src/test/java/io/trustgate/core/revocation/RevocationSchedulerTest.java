package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.testing.ReleaseWorld;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RevocationSchedulerTest {
  @Test
  void refreshesAtOnceThenOnTheHoldersCadenceUntilStopped() throws Exception {
    ReleaseWorld world = new ReleaseWorld();
    world.publishList(1L, null);
    var rule = PolicyCompiler.compile("forge", ReleaseWorld.spec()).policy().orElseThrow().revocations().orElseThrow();
    RevocationListHolder holder = RevocationListHolder.verifying("forge", rule, world.evidence, world.verifier, world.clock);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch first = new CountDownLatch(1);
    AtomicInteger refreshes = new AtomicInteger();
    try (RevocationScheduler scheduler = new RevocationScheduler(executor, h -> {
      refreshes.incrementAndGet();
      first.countDown();
    })) {
      scheduler.start(holder);
      assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(holder.state().loaded()).isTrue();
      assertThat(scheduler.scheduled(holder)).isTrue();
      scheduler.stop(holder);
      assertThat(scheduler.scheduled(holder)).isFalse();
      int after = refreshes.get();
      Thread.sleep(50);
      assertThat(refreshes.get()).isEqualTo(after);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aThrowingListenerDoesNotStopTheSchedule() throws Exception {
    ReleaseWorld world = new ReleaseWorld();
    world.evidence.fail(ReleaseWorld.LIST_URL, "down");
    var rule = PolicyCompiler.compile("forge", ReleaseWorld.spec()).policy().orElseThrow().revocations().orElseThrow();
    RevocationListHolder holder = RevocationListHolder.verifying("forge", rule, world.evidence, world.verifier, world.clock);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch ran = new CountDownLatch(1);
    try (RevocationScheduler scheduler = new RevocationScheduler(executor, h -> {
      ran.countDown();
      throw new IllegalStateException("listener bug");
    })) {
      scheduler.start(holder);
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100);
      assertThat(holder.state().lastFailure()).isEqualTo(RevocationState.RefreshFailure.UNAVAILABLE);
      assertThat(scheduler.scheduled(holder)).isTrue();
    } finally {
      executor.shutdownNow();
    }
  }
}
