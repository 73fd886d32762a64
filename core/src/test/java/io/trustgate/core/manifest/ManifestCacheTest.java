package io.trustgate.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.decision.Reason;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.testing.ManualExecutor;
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
import java.util.concurrent.atomic.AtomicLong;
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
  void aStaleFailureIsServedOnceMoreWhileItIsRefreshedAndThenReplaced() {
    ReleaseWorld world = new ReleaseWorld();
    ManifestCache cache = world.manifestCache(); // runs fetches on the calling thread
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);
    assertThat(cache.get(request).join()).isInstanceOfSatisfying(ManifestEvidence.Failed.class,
        f -> assertThat(f.reason()).isEqualTo(Reason.MANIFEST_UNAVAILABLE));
    world.evidence.put(URL, ReleaseWorld.manifestJson("0.14.0", "dev", "x86_64", null, ReleaseWorld.digest("a")));
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Failed.class);
    world.clock.advance(ManifestCache.DEFAULT_NEGATIVE_TTL.plus(Duration.ofMillis(1)));
    // The request that finds the stale answer gets it; the refresh it started replaces it.
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Failed.class);
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Verified.class);
    world.clock.advance(Duration.ofDays(365));
    cache.get(request).join();
    assertThat(world.evidence.fetchCount(URL)).isEqualTo(2);
    assertThat(cache.staleServed()).isEqualTo(1);
    assertThat(cache.refreshes()).isEqualTo(1);
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
  void staysWithinItsSizeBoundAndKeepsWhatIsUsedOften() {
    ReleaseWorld world = new ReleaseWorld();
    String hot = URL;
    world.evidence.put(hot, ReleaseWorld.manifestJson("0.14.0", "dev", "x86_64", null, ReleaseWorld.digest("a")));
    AtomicLong nanos = new AtomicLong();
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), Runnable::run,
        nanos::get, Duration.ofSeconds(30), 10);
    ManifestRequest hotRequest = new ManifestRequest(hot, AT, null, null);
    // Caffeine counts use frequencies once the cache is half full.
    for (int i = 0; i < 9; i++) {
      cache.get(new ManifestRequest(URL + "-warm" + i, AT, null, null)).join();
    }
    for (int i = 0; i < 20; i++) {
      assertThat(cache.get(hotRequest).join()).isInstanceOf(ManifestEvidence.Verified.class);
    }
    for (int i = 0; i < 200; i++) {
      cache.get(new ManifestRequest(URL + i, AT, null, null)).join();
      nanos.addAndGet(1_000_000); // failures stay unexpired: 200 ms in all
      if (i % 10 == 0) {
        cache.get(hotRequest).join(); // still in use while one-off images pass through
      }
    }
    assertThat(cache.size()).isEqualTo(10);
    assertThat(cache.get(hotRequest).join()).isInstanceOf(ManifestEvidence.Verified.class);
    assertThat(world.evidence.fetchCount(hot)).isEqualTo(1);
  }

  @Test
  void theRefreshAgeRunsOnTheTickerAndVerifiedEntriesNeverExpire() {
    ReleaseWorld world = new ReleaseWorld();
    AtomicLong nanos = new AtomicLong(123);
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), Runnable::run,
        nanos::get, Duration.ofSeconds(30), 100);
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Failed.class);
    world.evidence.put(URL, ReleaseWorld.manifestJson("0.14.0", "dev", "x86_64", null, ReleaseWorld.digest("a")));
    nanos.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Failed.class);
    assertThat(world.evidence.fetchCount(URL)).isEqualTo(1);
    nanos.addAndGet(1);
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Failed.class); // stale, refreshed
    assertThat(world.evidence.fetchCount(URL)).isEqualTo(2);
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Verified.class);
    nanos.addAndGet(Duration.ofDays(3650).toNanos());
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Verified.class);
    assertThat(world.evidence.fetchCount(URL)).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(4);
  }

  @Test
  void aKnownFailureIsAnsweredAtOnceAndRefreshedOffTheCallersPath() {
    ReleaseWorld world = new ReleaseWorld();
    ManualExecutor executor = new ManualExecutor();
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), executor, world.clock);
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);

    CompletableFuture<ManifestEvidence> first = cache.get(request);
    assertThat(first).isNotDone(); // a never-seen key is a miss: its first caller waits
    executor.runAll();
    assertThat(first.join()).isInstanceOf(ManifestEvidence.Failed.class);

    world.evidence.put(URL, ReleaseWorld.manifestJson("0.14.0", "dev", "x86_64", null, ReleaseWorld.digest("a")));
    world.clock.advance(ManifestCache.DEFAULT_NEGATIVE_TTL);
    for (int i = 0; i < 5; i++) {
      CompletableFuture<ManifestEvidence> stale = cache.get(request);
      assertThat(stale).isDone(); // never waits on the refetch
      assertThat(stale.join()).isInstanceOf(ManifestEvidence.Failed.class);
    }
    assertThat(executor.queued()).as("one refresh per key, however many requests").isEqualTo(1);
    assertThat(world.evidence.fetchCount(URL)).isEqualTo(1);

    executor.runAll();
    assertThat(cache.get(request).getNow(null)).isInstanceOf(ManifestEvidence.Verified.class);
    assertThat(cache.staleServed()).isEqualTo(5);
    assertThat(cache.refreshes()).isEqualTo(1);
    assertThat(executor.queued()).isZero();
  }

  @Test
  void aRefreshThatFailsAgainRestartsTheRefreshAge() {
    ReleaseWorld world = new ReleaseWorld();
    ManualExecutor executor = new ManualExecutor();
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), executor, world.clock);
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);
    cache.get(request);
    executor.runAll();
    world.clock.advance(ManifestCache.DEFAULT_NEGATIVE_TTL);
    world.evidence.fail(URL, "connection refused");
    cache.get(request);
    executor.runAll();
    assertThat(cache.get(request).join()).isInstanceOfSatisfying(ManifestEvidence.Failed.class,
        f -> assertThat(f.message()).contains("connection refused"));
    assertThat(executor.queued()).as("the new answer is fresh").isZero();
    world.clock.advance(ManifestCache.DEFAULT_NEGATIVE_TTL.minusSeconds(1));
    cache.get(request);
    assertThat(executor.queued()).isZero();
    world.clock.advance(Duration.ofSeconds(1));
    cache.get(request);
    assertThat(executor.queued()).isEqualTo(1);
    assertThat(world.evidence.fetchCount(URL)).isEqualTo(2);
  }

  @Test
  void aFailureNotRefreshedWithinTheStalenessBoundIsDroppedAndFetchedAsAMissAgain() {
    ReleaseWorld world = new ReleaseWorld();
    ManualExecutor executor = new ManualExecutor();
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), executor, world.clock);
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);
    cache.get(request);
    executor.runAll();
    world.clock.advance(ManifestCache.DEFAULT_MAX_STALE.minusNanos(1));
    assertThat(cache.get(request)).isDone(); // still served (and now refreshing)
    assertThat(executor.queued()).isEqualTo(1);
    executor.runAll();
    assertThat(cache.size()).isEqualTo(1);
    // Unused for the whole bound: dropped, so the next request waits for a fetch as a first one does.
    world.clock.advance(ManifestCache.DEFAULT_MAX_STALE.plusNanos(1));
    assertThat(cache.size()).isZero();
    assertThat(cache.get(request)).isNotDone();
    assertThat(cache.misses()).isEqualTo(2);
  }

  @Test
  void backgroundRefreshesAreBoundedAndTheDeferredOnesAreRetriedLater() {
    ReleaseWorld world = new ReleaseWorld();
    ManualExecutor executor = new ManualExecutor();
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), executor, ManifestCache.ticker(world.clock),
        new ManifestCache.Negatives(Duration.ofSeconds(30), Duration.ofMinutes(10), 2), 100);
    List<ManifestRequest> requests = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      requests.add(new ManifestRequest(URL + i, AT, null, null));
      cache.get(requests.get(i));
    }
    executor.runAll();
    world.clock.advance(Duration.ofSeconds(31));
    for (ManifestRequest r : requests) {
      assertThat(cache.get(r)).isDone();
    }
    assertThat(executor.queued()).isEqualTo(2);
    assertThat(cache.refreshesDeferred()).isEqualTo(1);
    assertThat(cache.get(requests.get(2))).isDone();
    assertThat(executor.queued()).as("still no permit while two run").isEqualTo(2);
    executor.runAll();
    cache.get(requests.get(2));
    assertThat(executor.queued()).as("permits are back").isEqualTo(1);
    executor.runAll();
    for (ManifestRequest r : requests) {
      assertThat(world.evidence.fetchCount(r.url())).isEqualTo(2);
    }
  }

  @Test
  void aRejectedRefreshKeepsServingTheStaleAnswerAndTriesAgainLater() {
    ReleaseWorld world = new ReleaseWorld();
    boolean[] reject = {false};
    ManualExecutor queue = new ManualExecutor();
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), r -> {
      if (reject[0]) {
        throw new java.util.concurrent.RejectedExecutionException("queue full");
      }
      queue.execute(r);
    }, world.clock);
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);
    cache.get(request);
    queue.runAll();
    world.clock.advance(Duration.ofMinutes(1));
    reject[0] = true;
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Failed.class);
    assertThat(cache.refreshesDeferred()).isEqualTo(1);
    reject[0] = false;
    cache.get(request);
    assertThat(queue.queued()).isEqualTo(1);
  }

  @Test
  void negativeBoundsAreChecked() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ManifestCache.Negatives(Duration.ofMinutes(1), Duration.ofSeconds(30), 2));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ManifestCache.Negatives(Duration.ofSeconds(30), Duration.ofMinutes(1), 0));
  }

  @Test
  void aRejectedFetchIsAFailureAndDoesNotPoisonTheKey() {
    ReleaseWorld world = new ReleaseWorld();
    world.evidence.put(URL, ReleaseWorld.manifestJson("0.14.0", "dev", "x86_64", null, ReleaseWorld.digest("a")));
    boolean[] reject = {true};
    ManifestCache cache = new ManifestCache(new ManifestFetcher(world.evidence), r -> {
      if (reject[0]) {
        throw new java.util.concurrent.RejectedExecutionException("queue full");
      }
      r.run();
    }, world.clock);
    ManifestRequest request = new ManifestRequest(URL, AT, null, null);
    assertThat(cache.get(request).join()).isInstanceOfSatisfying(ManifestEvidence.Failed.class,
        f -> assertThat(f.message()).contains("could not be scheduled: queue full"));
    reject[0] = false;
    assertThat(cache.get(request).join()).isInstanceOf(ManifestEvidence.Verified.class);
  }
}
