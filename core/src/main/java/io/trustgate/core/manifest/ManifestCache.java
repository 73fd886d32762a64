package io.trustgate.core.manifest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verified manifests by (URL, expected coordinates, signer, trust root). A verified manifest is
 * immutable and kept; failures are kept briefly so a broken release cannot melt its upstream.
 * Concurrent misses for one key share one fetch.
 */
public final class ManifestCache {
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final ManifestFetcher fetcher;
  private final Executor executor;
  private final Clock clock;
  private final Duration negativeTtl;
  private final int maxEntries;
  private final Map<ManifestRequest.Key, Entry> entries = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  private record Entry(CompletableFuture<ManifestEvidence> future, Instant createdAt) {}

  public ManifestCache(ManifestFetcher fetcher, Executor executor, Clock clock) {
    this(fetcher, executor, clock, DEFAULT_NEGATIVE_TTL, DEFAULT_MAX_ENTRIES);
  }

  public ManifestCache(
      ManifestFetcher fetcher, Executor executor, Clock clock, Duration negativeTtl, int maxEntries) {
    this.fetcher = fetcher;
    this.executor = executor;
    this.clock = clock;
    this.negativeTtl = negativeTtl;
    this.maxEntries = maxEntries;
  }

  /** The evidence for a request: completed at once when cached, otherwise fetched on the executor. */
  public CompletableFuture<ManifestEvidence> get(ManifestRequest request) {
    ManifestRequest.Key key = request.key();
    Entry existing = entries.get(key);
    if (existing != null && usable(existing)) {
      hits.increment();
      return existing.future();
    }
    Entry created = new Entry(new CompletableFuture<>(), clock.instant());
    Entry winner =
        entries.compute(key, (k, old) -> old != null && usable(old) ? old : created);
    if (winner != created) {
      hits.increment();
      return winner.future();
    }
    misses.increment();
    evictIfFull();
    try {
      executor.execute(() -> complete(created.future(), request));
    } catch (RuntimeException rejected) {
      // A saturated executor must not leave waiters hanging nor poison the key.
      entries.remove(key, created);
      created.future().complete(new ManifestEvidence.Failed(request.url(),
          io.trustgate.core.decision.Reason.MANIFEST_UNAVAILABLE,
          "release manifest fetch could not be scheduled: " + rejected.getMessage()));
    }
    return created.future();
  }

  private void complete(CompletableFuture<ManifestEvidence> future, ManifestRequest request) {
    try {
      future.complete(fetcher.fetch(request));
    } catch (RuntimeException e) {
      // A bug below must still give a value to everyone waiting.
      future.complete(new ManifestEvidence.Failed(request.url(),
          io.trustgate.core.decision.Reason.MANIFEST_UNAVAILABLE,
          "release manifest " + request.url() + " could not be checked: " + e));
    }
  }

  private boolean usable(Entry e) {
    if (!e.future().isDone()) {
      return true;
    }
    ManifestEvidence value = e.future().getNow(null);
    if (value instanceof ManifestEvidence.Verified) {
      return true;
    }
    return clock.instant().isBefore(e.createdAt().plus(negativeTtl));
  }

  private void evictIfFull() {
    if (entries.size() <= maxEntries) {
      return;
    }
    entries.values().removeIf(e -> e.future().isDone() && !usable(e));
    Iterator<ManifestRequest.Key> it = entries.keySet().iterator();
    while (entries.size() > maxEntries && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public int size() {
    return entries.size();
  }
}
