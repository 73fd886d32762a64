package io.trustgate.core.runtime;

import io.trustgate.core.decision.DecisionContext;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.manifest.ManifestFetcher;
import io.trustgate.core.policy.BrokenPolicy;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.sigstore.BundleVerifier;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Wires compiled policies to evidence: one revocation holder per policy that has a list, a
 * shared manifest cache, and a decision engine. The CLI refreshes lists once and decides; the
 * webhook keeps one runtime per policy generation and refreshes in the background.
 */
public final class PolicyRuntime {
  private final List<CompiledPolicy> policies;
  private final Map<String, RevocationListHolder> holders;
  private final DecisionEngine engine;

  private PolicyRuntime(
      List<CompiledPolicy> policies, Map<String, RevocationListHolder> holders, DecisionEngine engine) {
    this.policies = policies;
    this.holders = holders;
    this.engine = engine;
  }

  /**
   * @param previous holders of an earlier runtime to keep (same policy name and rule), so a
   *     policy edit that does not touch the list keeps its verified list and rollback floor
   */
  public static PolicyRuntime create(
      List<CompiledPolicy> policies,
      EvidenceSource source,
      ManifestCache manifests,
      VerifierProvider verifiers,
      EscapeHatches hatches,
      Clock clock,
      Map<String, RevocationListHolder> previous) {
    return create(policies, List.of(), source, manifests, verifiers, hatches, clock, previous);
  }

  /** As above, with policies that failed to compile (their images are denied). */
  public static PolicyRuntime create(
      List<CompiledPolicy> policies,
      List<BrokenPolicy> broken,
      EvidenceSource source,
      ManifestCache manifests,
      VerifierProvider verifiers,
      EscapeHatches hatches,
      Clock clock,
      Map<String, RevocationListHolder> previous) {
    Map<String, RevocationListHolder> holders = new LinkedHashMap<>();
    for (CompiledPolicy p : policies) {
      if (p.revocations().isEmpty()) {
        continue;
      }
      boolean skip = p.skipCosignVerify() || hatches.skipCosignVerify();
      Optional<BundleVerifier> verifier = skip ? Optional.empty() : verifiers.verifierFor(p.trustRoot());
      RevocationListHolder old = previous.get(p.name());
      if (old != null && old.rule().equals(p.revocations().get()) && old.skipSignature() == skip
          && old.verifier().equals(verifier)) {
        holders.put(p.name(), old);
      } else {
        holders.put(p.name(),
            new RevocationListHolder(p.name(), p.revocations().get(), source, verifier, skip, clock));
      }
    }
    Map<String, RevocationListHolder> frozen = Map.copyOf(holders);
    DecisionContext context =
        new DecisionContext(manifests, verifiers, name -> Optional.ofNullable(frozen.get(name)), hatches, clock);
    return new PolicyRuntime(List.copyOf(policies), frozen, new DecisionEngine(policies, broken, context));
  }

  /** A manifest cache over a source, for callers that need no sharing. */
  public static ManifestCache manifestCache(EvidenceSource source, Executor executor, Clock clock) {
    return new ManifestCache(new ManifestFetcher(source), executor, clock);
  }

  /** Refreshes every revocation list now, in the calling thread (CLI, start-up). */
  public void refreshAllNow() {
    holders.values().forEach(RevocationListHolder::refresh);
  }

  public DecisionEngine engine() {
    return engine;
  }

  public List<CompiledPolicy> policies() {
    return policies;
  }

  public Map<String, RevocationListHolder> holders() {
    return holders;
  }
}
