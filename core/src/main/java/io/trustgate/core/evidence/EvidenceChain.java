package io.trustgate.core.evidence;

import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks several evidence sources in order (the in-cluster mirror, then the network): the first
 * that finds the document wins. A source that fails does not end the search, but its failure is
 * reported when no later source finds the document: a mirror that is not loaded yet followed by
 * an upstream 404 must not read as "no such document" (for a revocation list that would mean
 * "no recalls").
 */
public final class EvidenceChain implements EvidenceSource {
  private final List<EvidenceSource> sources;

  public EvidenceChain(EvidenceSource... sources) {
    if (sources.length == 0) {
      throw new IllegalArgumentException("an evidence chain needs at least one source");
    }
    this.sources = List.of(sources);
  }

  @Override
  public FetchResult fetch(String url) {
    List<String> failures = new ArrayList<>(1);
    for (EvidenceSource source : sources) {
      FetchResult result = source.fetch(url);
      if (result instanceof FetchResult.Found) {
        return result;
      }
      if (result instanceof FetchResult.Failed failed) {
        failures.add(failed.message());
      }
    }
    return failures.isEmpty()
        ? new FetchResult.NotFound(url)
        : new FetchResult.Failed(url, String.join("; ", failures));
  }

  public List<EvidenceSource> sources() {
    return sources;
  }
}
