package io.trustgate.core.decision;

import io.trustgate.core.manifest.ManifestCache;
import java.time.Clock;

/** Everything a decision reads besides the policies: evidence, trust roots, switches, time. */
public record DecisionContext(
    ManifestCache manifests,
    VerifierProvider verifiers,
    RevocationStates revocations,
    EscapeHatches hatches,
    Clock clock) {}
