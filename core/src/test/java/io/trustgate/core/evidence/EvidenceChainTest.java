package io.trustgate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.testing.InMemoryEvidence;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EvidenceChainTest {
  static final String URL = "https://releases.example.test/v1.0.0/dev-image-x86_64.manifest.json";
  static final byte[] MIRRORED = "mirrored".getBytes(StandardCharsets.UTF_8);
  static final byte[] UPSTREAM = "upstream".getBytes(StandardCharsets.UTF_8);

  final InMemoryEvidence mirror = new InMemoryEvidence();
  final InMemoryEvidence upstream = new InMemoryEvidence();
  final EvidenceChain chain = new EvidenceChain(mirror, upstream);

  @Test
  void theFirstSourceThatFindsTheDocumentWins() {
    mirror.put(URL, MIRRORED);
    upstream.put(URL, UPSTREAM);
    assertThat(chain.fetch(URL)).isEqualTo(new FetchResult.Found(URL, MIRRORED));
    assertThat(upstream.fetchCount(URL)).isZero();
  }

  @Test
  void notFoundFallsThroughToTheNextSource() {
    upstream.put(URL, UPSTREAM);
    assertThat(chain.fetch(URL)).isEqualTo(new FetchResult.Found(URL, UPSTREAM));
  }

  @Test
  void aFailureFallsThroughButIsReportedWhenNobodyFindsTheDocument() {
    mirror.fail(URL, "mirror ConfigMaps are not loaded yet");
    assertThat(chain.fetch(URL)).isEqualTo(new FetchResult.Failed(URL, "mirror ConfigMaps are not loaded yet"));

    upstream.put(URL, UPSTREAM);
    assertThat(chain.fetch(URL)).isEqualTo(new FetchResult.Found(URL, UPSTREAM));
  }

  @Test
  void everyFailureIsReported() {
    mirror.fail(URL, "not loaded yet");
    upstream.fail(URL, "HTTP status 503");
    assertThat(chain.fetch(URL)).isEqualTo(new FetchResult.Failed(URL, "not loaded yet; HTTP status 503"));
  }

  @Test
  void notFoundEverywhereIsNotFound() {
    assertThat(chain.fetch(URL)).isEqualTo(new FetchResult.NotFound(URL));
  }

  @Test
  void aChainNeedsASource() {
    assertThatThrownBy(() -> new EvidenceChain(new EvidenceSource[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
