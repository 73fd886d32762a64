package io.trustgate.webhook.metrics;

import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import java.time.Duration;

/** Times every fetch of a source and counts its errors. */
public final class MeteredEvidenceSource implements EvidenceSource {
  private final EvidenceSource delegate;
  private final String name;
  private final WebhookMetrics metrics;

  public MeteredEvidenceSource(EvidenceSource delegate, String name, WebhookMetrics metrics) {
    this.delegate = delegate;
    this.name = name;
    this.metrics = metrics;
  }

  @Override
  public FetchResult fetch(String url) {
    long start = System.nanoTime();
    FetchResult r = delegate.fetch(url);
    String outcome =
        r instanceof FetchResult.Found ? "found" : r instanceof FetchResult.NotFound ? "not_found" : "error";
    metrics.evidenceFetch(name, outcome, Duration.ofNanos(System.nanoTime() - start));
    return r;
  }
}
