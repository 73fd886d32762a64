package io.trustgate.core.manifest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.trustgate.core.decision.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verified manifests by (URL, expected coordinates, signer, trust root). A verified manifest is
 * immutable and kept until the size bound evicts it (Caffeine's W-TinyLFU: rarely and long
 * unused entries go first); failures are kept for the negative TTL so a broken release cannot
 * melt its upstream. Concurrent misses for one key share one fetch.
 */
public final class ManifestCache {
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final ManifestFetcher fetcher;
  private final Executor executor;
  private final Cache<ManifestRequest.Key, CompletableFuture<ManifestEvidence>> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public ManifestCache(ManifestFetcher fetcher, Executor executor, Clock clock) {
    this(fetcher, executor, clock, DEFAULT_NEGATIVE_TTL, DEFAULT_MAX_ENTRIES);
  }

  public ManifestCache(
      ManifestFetcher fetcher, Executor executor, Clock clock, Duration negativeTtl, int maxEntries) {
    this(fetcher, executor, ticker(clock), negativeTtl, maxEntries);
  }

  public ManifestCache(
      ManifestFetcher fetcher, Executor executor, Ticker ticker, Duration negativeTtl, int maxEntries) {
    this.fetcher = fetcher;
    this.executor = executor;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new VerifiedForeverFailuresBriefly(negativeTtl))
            .ticker(ticker)
            // Eviction bookkeeping runs on the calling thread: it is cheap, and deterministic.
            .executor(Runnable::run)
            .build();
  }

  /** The evidence for a request: completed at once when cached, otherwise fetched on the executor. */
  public CompletableFuture<ManifestEvidence> get(ManifestRequest request) {
    ManifestRequest.Key key = request.key();
    CompletableFuture<ManifestEvidence> created = new CompletableFuture<>();
    CompletableFuture<ManifestEvidence> future = entries.get(key, k -> created);
    if (future != created) {
      hits.increment();
      return future;
    }
    misses.increment();
    try {
      executor.execute(() -> {
        created.complete(fetch(request));
        // Re-inserting the same future makes Caffeine re-read its expiry now that it has a value.
        entries.asMap().replace(key, created, created);
      });
    } catch (RuntimeException rejected) {
      // A saturated executor must not leave waiters hanging nor poison the key.
      entries.asMap().remove(key, created);
      created.complete(new ManifestEvidence.Failed(request.url(), Reason.MANIFEST_UNAVAILABLE,
          "release manifest fetch could not be scheduled: " + rejected.getMessage()));
    }
    return created;
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

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  /** Entries held, including fetches in flight and failures not yet expired. */
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
   * Verified manifests never expire (they are immutable facts about signed bytes); failures
   * expire after the negative TTL counted from when the fetch finished. In-flight fetches are
   * never expired by Caffeine.
   */
  private record VerifiedForeverFailuresBriefly(Duration negativeTtl)
      implements Expiry<ManifestRequest.Key, CompletableFuture<ManifestEvidence>> {
    @Override
    public long expireAfterCreate(
        ManifestRequest.Key key, CompletableFuture<ManifestEvidence> value, long now) {
      if (!value.isDone() || value.getNow(null) instanceof ManifestEvidence.Verified) {
        return Long.MAX_VALUE;
      }
      return negativeTtl.toNanos();
    }

    @Override
    public long expireAfterUpdate(ManifestRequest.Key key, CompletableFuture<ManifestEvidence> value,
        long now, long currentDuration) {
      return expireAfterCreate(key, value, now);
    }

    @Override
    public long expireAfterRead(ManifestRequest.Key key, CompletableFuture<ManifestEvidence> value,
        long now, long currentDuration) {
      return currentDuration;
    }
  }
}
