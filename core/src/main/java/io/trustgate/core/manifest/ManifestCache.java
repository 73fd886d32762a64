package io.trustgate.core.manifest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.trustgate.core.decision.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verified manifests by (URL, expected coordinates, signer, trust root). A verified manifest is
 * immutable and kept until the size bound evicts it (Caffeine's W-TinyLFU: rarely and long
 * unused entries go first). Concurrent misses for one key share one fetch.
 *
 * <p>Failures (not found, fetch error, verification failure) are negative answers, refreshed off
 * the admission path (stale-while-revalidate): a negative answer older than {@link
 * Negatives#refreshAfter()} is still returned at once, and the request that finds it starts one
 * background refetch, at most one per key and at most {@link Negatives#maxRefreshes()} at once
 * (when all are busy the stale answer is served and a later request tries again). When the
 * refetch ends its answer replaces the old one. A negative answer that has not been replaced for
 * {@link Negatives#maxStale()} is dropped, and the next request is a plain miss again. Only the
 * first request for a key ever waits for a fetch.
 */
public final class ManifestCache {
  /** How old a negative answer may grow before a request starts its background refresh. */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);
  /** How long a negative answer may be served without a refresh replacing it. */
  public static final Duration DEFAULT_MAX_STALE = Duration.ofMinutes(10);
  /** Background refreshes of negative answers running at once. */
  public static final int DEFAULT_MAX_REFRESHES = 2;
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  /**
   * How negative answers are kept and refreshed.
   *
   * @param refreshAfter age from which a served negative answer starts a background refresh
   * @param maxStale age at which a negative answer not yet replaced is dropped (≥ refreshAfter)
   * @param maxRefreshes background refreshes in flight at once (≥ 1)
   */
  public record Negatives(Duration refreshAfter, Duration maxStale, int maxRefreshes) {
    public Negatives {
      Objects.requireNonNull(refreshAfter, "refreshAfter");
      Objects.requireNonNull(maxStale, "maxStale");
      if (refreshAfter.isNegative() || maxStale.compareTo(refreshAfter) < 0 || maxRefreshes < 1) {
        throw new IllegalArgumentException("need 0 <= refreshAfter <= maxStale and maxRefreshes >= 1, got "
            + refreshAfter + ", " + maxStale + ", " + maxRefreshes);
      }
    }

    public static Negatives defaults() {
      return new Negatives(DEFAULT_NEGATIVE_TTL, DEFAULT_MAX_STALE, DEFAULT_MAX_REFRESHES);
    }

    /** Refresh after {@code refreshAfter}; the default staleness bound, or refreshAfter if longer. */
    static Negatives refreshingAfter(Duration refreshAfter) {
      Duration stale = DEFAULT_MAX_STALE.compareTo(refreshAfter) < 0 ? refreshAfter : DEFAULT_MAX_STALE;
      return new Negatives(refreshAfter, stale, DEFAULT_MAX_REFRESHES);
    }
  }

  /** One key's answer: in flight, verified, or failed at {@code doneAt} (ticker nanos). */
  private static final class Entry {
    final CompletableFuture<ManifestEvidence> future;
    volatile long doneAt;
    final AtomicBoolean refreshing = new AtomicBoolean();

    Entry(CompletableFuture<ManifestEvidence> future) {
      this.future = future;
    }

    boolean negative() {
      return future.isDone() && !(future.getNow(null) instanceof ManifestEvidence.Verified);
    }
  }

  private final ManifestFetcher fetcher;
  private final Executor executor;
  private final Ticker ticker;
  private final Negatives negatives;
  private final Semaphore refreshPermits;
  private final Cache<ManifestRequest.Key, Entry> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder staleServed = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder refreshesDeferred = new LongAdder();

  public ManifestCache(ManifestFetcher fetcher, Executor executor, Clock clock) {
    this(fetcher, executor, ticker(clock), Negatives.defaults(), DEFAULT_MAX_ENTRIES);
  }

  /** @param negativeTtl age from which a negative answer is refreshed in the background */
  public ManifestCache(
      ManifestFetcher fetcher, Executor executor, Clock clock, Duration negativeTtl, int maxEntries) {
    this(fetcher, executor, ticker(clock), Negatives.refreshingAfter(negativeTtl), maxEntries);
  }

  /** @param negativeTtl age from which a negative answer is refreshed in the background */
  public ManifestCache(
      ManifestFetcher fetcher, Executor executor, Ticker ticker, Duration negativeTtl, int maxEntries) {
    this(fetcher, executor, ticker, Negatives.refreshingAfter(negativeTtl), maxEntries);
  }

  public ManifestCache(
      ManifestFetcher fetcher, Executor executor, Ticker ticker, Negatives negatives, int maxEntries) {
    this.fetcher = fetcher;
    this.executor = executor;
    this.ticker = ticker;
    this.negatives = Objects.requireNonNull(negatives, "negatives");
    this.refreshPermits = new Semaphore(negatives.maxRefreshes());
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new VerifiedForeverFailuresUntilStale(negatives.maxStale()))
            .ticker(ticker)
            // Eviction bookkeeping runs on the calling thread: it is cheap, and deterministic.
            .executor(Runnable::run)
            .build();
  }

  /**
   * The evidence for a request: completed at once when cached (a negative answer possibly stale,
   * see the class comment), otherwise fetched on the executor.
   */
  public CompletableFuture<ManifestEvidence> get(ManifestRequest request) {
    ManifestRequest.Key key = request.key();
    Entry created = new Entry(new CompletableFuture<>());
    Entry entry = entries.get(key, k -> created);
    if (entry != created) {
      hits.increment();
      if (entry.negative() && ticker.read() - entry.doneAt >= negatives.refreshAfter().toNanos()) {
        staleServed.increment();
        refreshInBackground(key, request, entry);
      }
      return entry.future;
    }
    misses.increment();
    try {
      executor.execute(() -> {
        ManifestEvidence evidence = fetch(request);
        created.doneAt = ticker.read();
        created.future.complete(evidence);
        // Re-inserting the same entry makes Caffeine re-read its expiry now that it has a value.
        entries.asMap().replace(key, created, created);
      });
    } catch (RuntimeException rejected) {
      // A saturated executor must not leave waiters hanging nor poison the key.
      entries.asMap().remove(key, created);
      created.future.complete(new ManifestEvidence.Failed(request.url(), Reason.MANIFEST_UNAVAILABLE,
          "release manifest fetch could not be scheduled: " + rejected.getMessage()));
    }
    return created.future;
  }

  /**
   * Refetches a stale negative answer on the executor unless one refetch of it is running or all
   * refresh permits are taken; the answer it gets replaces the stale one (or fills the key again
   * if the stale one was dropped meanwhile).
   */
  private void refreshInBackground(ManifestRequest.Key key, ManifestRequest request, Entry stale) {
    if (!stale.refreshing.compareAndSet(false, true)) {
      return;
    }
    if (!refreshPermits.tryAcquire()) {
      stale.refreshing.set(false);
      refreshesDeferred.increment();
      return;
    }
    refreshes.increment();
    try {
      executor.execute(() -> {
        try {
          Entry fresh = new Entry(CompletableFuture.completedFuture(fetch(request)));
          fresh.doneAt = ticker.read();
          entries.asMap().compute(key, (k, current) -> current == null || current == stale ? fresh : current);
        } finally {
          refreshPermits.release();
        }
      });
    } catch (RuntimeException rejected) {
      refreshPermits.release();
      stale.refreshing.set(false);
      refreshesDeferred.increment();
    }
  }

  /** Never throws: a future that failed would be dropped and its waiters given an exception. */
  private ManifestEvidence fetch(ManifestRequest request) {
    try {
      return fetcher.fetch(request);
    } catch (RuntimeException e) {
      // A bug below must still give a value to everyone waiting.
      return new ManifestEvidence.Failed(request.url(), Reason.MANIFEST_UNAVAILABLE,
          "release manifest " + request.url() + " could not be checked: " + e);
    }
  }

  public Negatives negatives() {
    return negatives;
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  /** Negative answers served older than {@link Negatives#refreshAfter()} (each one a hit). */
  public long staleServed() {
    return staleServed.sum();
  }

  /** Background refreshes of negative answers started. */
  public long refreshes() {
    return refreshes.sum();
  }

  /** Background refreshes not started because all permits were taken (retried on a later request). */
  public long refreshesDeferred() {
    return refreshesDeferred.sum();
  }

  /** Entries held, including fetches in flight and failures not yet dropped. */
  public int size() {
    entries.cleanUp();
    return (int) entries.estimatedSize();
  }

  /** Nanoseconds from {@code clock}, so tests drive expiry with the same clock as the rest. */
  static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /**
   * Verified manifests never expire (they are immutable facts about signed bytes); failures are
   * dropped {@code maxStale} after the fetch that produced them finished (a refresh replaces the
   * entry and so restarts the count). In-flight fetches are never expired by Caffeine.
   */
  private record VerifiedForeverFailuresUntilStale(Duration maxStale)
      implements Expiry<ManifestRequest.Key, Entry> {
    @Override
    public long expireAfterCreate(ManifestRequest.Key key, Entry value, long now) {
      return value.negative() ? maxStale.toNanos() : Long.MAX_VALUE;
    }

    @Override
    public long expireAfterUpdate(ManifestRequest.Key key, Entry value, long now, long currentDuration) {
      return expireAfterCreate(key, value, now);
    }

    @Override
    public long expireAfterRead(ManifestRequest.Key key, Entry value, long now, long currentDuration) {
      return currentDuration;
    }
  }
}
