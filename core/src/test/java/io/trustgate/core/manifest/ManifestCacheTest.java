package io.trustgate.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.decision.Reason;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.testing.MutableClock;
import io.trustgate.core.testing.ReleaseWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManifestCacheTest {
  static final ReleaseCoordinates AT = new ReleaseCoordinates("0.14.0", "dev", "x86_64");
  static final String URL = ReleaseWorld.manifestUrl("0.14.0", "dev", "x86_64");

  @Test
  void concurrentMissesShareOneFetch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger fetches = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      ManifestCache cache = new ManifestCache(new ManifestFetcher(url -> {
        fetches.incrementAndGet();
        try {
          release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new FetchResult.NotFound(url);
      }), pool, MutableClock.at("2026-06-01T00:00:00Z"));
      List<CompletableFuture<ManifestEvidence>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        futures.add(cache.get(new ManifestRequest(URL, AT, null, null)));
      }
      release.countDown();
      for (var f : futures) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isInstanceOf(ManifestEvidence.Failed.class);
      }
      assertThat(fetches).hasValue(1);
      assertThat(cache.misses()).isEqualTo(1);
      assertThat(cache.hits()).isEqualTo(19);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failuresAreCachedBrieflyAndRetriedAfterTheNegativeTtl() {
    ReleaseWorld world = new ReleaseWorld();
    ManifestCache cache = world.manifestCache();
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);
    assertThat(cache.get(request).join()).isInstanceOfSatisfying(ManifestEvidence.Failed.class,
        f -> assertThat(f.reason()).isEqualTo(Reason.MANIFEST_UNAVAILABLE));
    world.evidence.put(URL, ReleaseWorld.manifestJson("0.14.0", "dev", "x86_64", null, ReleaseWorld.digest("a")));
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Failed.class);
    world.clock.advance(ManifestCache.DEFAULT_NEGATIVE_TTL.plus(Duration.ofMillis(1)));
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Verified.class);
    world.clock.advance(Duration.ofDays(365));
    cache.get(request).join();
    assertThat(world.evidence.fetchCount(URL)).isEqualTo(2);
  }

  @Test
  void aFetcherBugStillCompletesEveryWaiter() {
    ManifestCache cache = new ManifestCache(new ManifestFetcher(url -> {
      throw new IllegalStateException("boom");
    }), Runnable::run, MutableClock.at("2026-06-01T00:00:00Z"));
    assertThat(cache.get(new ManifestRequest(URL, AT, null, null)).join())
        .isInstanceOfSatisfying(ManifestEvidence.Failed.class, f -> assertThat(f.message()).contains("boom"));
  }

  @Test
  void staysWithinItsSizeBound() {
    ReleaseWorld world = new ReleaseWorld();
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), Runnable::run, world.clock,
        Duration.ofSeconds(30), 10);
    for (int i = 0; i < 50; i++) {
      cache.get(new ManifestRequest(URL + i, AT, null, null)).join();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(11);
  }
}
