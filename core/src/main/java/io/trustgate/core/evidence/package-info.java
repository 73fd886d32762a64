/**
 * Where evidence (release manifests, bundles, revocation lists) is fetched from: {@link
 * io.trustgate.core.evidence.HttpEvidenceSource} over the network, {@link
 * io.trustgate.core.evidence.MirrorEvidenceSource} from a directory in air-gapped clusters. Both
 * bound what they read and report every expected failure as a {@link
 * io.trustgate.core.evidence.FetchResult} value.
 */
package io.trustgate.core.evidence;
