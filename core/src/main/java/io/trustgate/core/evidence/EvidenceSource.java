package io.trustgate.core.evidence;

/**
 * Where release manifests, bundles and revocation lists come from: the network, or a mirror for
 * air-gapped clusters. Fetching is blocking and must be safe to call from many threads.
 * Expected failures (absent, unreachable, too large, refused) are {@link FetchResult} values.
 */
public interface EvidenceSource {

  FetchResult fetch(String url);
}
