package io.trustgate.core.testing;

import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An evidence source over a map, with failure injection and fetch counting. */
public final class InMemoryEvidence implements EvidenceSource {
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  public InMemoryEvidence put(String url, byte[] body) {
    documents.put(url, body);
    failures.remove(url);
    return this;
  }

  public InMemoryEvidence remove(String url) {
    documents.remove(url);
    return this;
  }

  /** Makes fetches of the URL fail (as a network error would) until it is put again. */
  public InMemoryEvidence fail(String url, String message) {
    failures.put(url, message);
    return this;
  }

  @Override
  public FetchResult fetch(String url) {
    total.incrementAndGet();
    fetches.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
    String failure = failures.get(url);
    if (failure != null) {
      return new FetchResult.Failed(url, failure);
    }
    byte[] body = documents.get(url);
    return body == null ? new FetchResult.NotFound(url) : new FetchResult.Found(url, body.clone());
  }

  public int fetchCount(String url) {
    AtomicInteger n = fetches.get(url);
    return n == null ? 0 : n.get();
  }

  public int totalFetches() {
    return total.get();
  }
}
