package io.trustgate.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.api.v1alpha1.Skip;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicyStatus;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.PolicyProblem;
import io.trustgate.core.revocation.AcceptedList;
import io.trustgate.core.revocation.FloorStatus;
import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.revocation.RevocationState;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.kube.trust.TrustRoots;
import io.trustgate.operator.reports.PolicyReportSettings;
import io.trustgate.operator.reports.PolicyReports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one TrustPolicy, independent of the operator framework: compile the spec,
 * refresh the revocation list when due, scan for recalled Pods when a new list is accepted,
 * build the status and record Events for transitions. Returns the new status and when to look
 * again.
 */
public final class PolicyReconciliation {
  static final String VERIFIED = "Verified";
  static final String INVALID_SPEC = "InvalidSpec";
  static final String TRUST_ROOT_UNAVAILABLE = "TrustRootUnavailable";
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReconciliation.class);
  private static final Duration MIN_REQUEUE = Duration.ofSeconds(1);
  private static final Duration TRUST_ROOT_RECHECK = Duration.ofSeconds(30);

  /** The outcome of one reconcile. */
  public record Result(TrustPolicyStatus status, Optional<Duration> requeueAfter) {}

  private final EvidenceSource evidence;
  private final ManifestCache manifests;
  private final TrustRoots trustRoots;
  private final Clock clock;
  private final TransitionEvents transitions;
  private final Optional<RecallScanner> recallScanner;
  private final PolicyReports reports;
  private final Map<String, PolicyMemory> memory = new ConcurrentHashMap<>();

  /**
   * @param client records Events and, with {@code recallScan}, lists running Pods
   * @param recallScan warn on running Pods a newly accepted revocation list recalls
   */
  public PolicyReconciliation(KubernetesClient client, EvidenceSource evidence, ManifestCache manifests,
      TrustRoots trustRoots, Clock clock, boolean recallScan) {
    this(client, evidence, manifests, trustRoots, clock, recallScan, PolicyReportSettings.off());
  }

  /**
   * @param reportSettings with {@code recallScan}, also write each scan's findings as PolicyReports
   *     and scan again every {@code reportSettings.interval()} so reports follow the Pods
   */
  public PolicyReconciliation(KubernetesClient client, EvidenceSource evidence, ManifestCache manifests,
      TrustRoots trustRoots, Clock clock, boolean recallScan, PolicyReportSettings reportSettings) {
    this.reports = new PolicyReports(client, reportSettings);
    PolicyEvents events = new PolicyEvents(client, clock);
    this.evidence = evidence;
    this.manifests = manifests;
    this.trustRoots = trustRoots;
    this.clock = clock;
    this.transitions = new TransitionEvents(events);
    this.recallScanner = recallScan ? Optional.of(new RecallScanner(client, events, clock)) : Optional.empty();
  }

  public Result reconcile(TrustPolicy policy) {
    Instant now = clock.instant();
    String name = policy.getMetadata().getName();
    long generation = policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
    TrustPolicyStatus before = policy.getStatus() == null ? new TrustPolicyStatus() : policy.getStatus();
    PolicyMemory mem = memoryFor(policy);

    PolicyCompilation compilation = PolicyCompiler.compile(name, policy.getSpec());
    Conditions conditions = new Conditions(before.conditions, generation, now);
    TrustPolicyStatus after = new TrustPolicyStatus();
    after.observedGeneration = generation;
    if (!compilation.ok()) {
      String problems = compilation.problems().stream().map(PolicyProblem::toString).collect(Collectors.joining("; "));
      LOG.warn("policy {} (generation {}) is invalid: {}", name, generation, problems);
      conditions.set(Conditions.READY, false, INVALID_SPEC, problems);
      conditions.set(Conditions.REVOCATION_LIST_CURRENT, "Unknown", INVALID_SPEC,
          "the spec does not compile, so its revocation list is not fetched");
      escapeHatch(conditions, policy.getSpec() == null ? null : policy.getSpec().skip);
      after.conditions = conditions.build();
      after.revocationFloor = before.revocationFloor; // an invalid spec never lowers it
      transitions.specAndHatches(policy, before, after, List.of());
      return new Result(after, Optional.empty());
    }

    CompiledPolicy compiled = compilation.policy().get();
    // Holders of the previous runtime are kept while the rule is unchanged: verified list and
    // rollback floor survive spec edits that do not touch spec.revocations.
    mem.runtime = PolicyRuntime.create(List.of(compiled), evidence, manifests, trustRoots, EscapeHatches.none(), clock,
        mem.holders());
    Optional<String> rootProblem = compiled.skipCosignVerify() ? Optional.empty() : trustRoots.problem(compiled.trustRoot());
    if (rootProblem.isPresent()) {
      conditions.set(Conditions.READY, false, TRUST_ROOT_UNAVAILABLE, rootProblem.get());
    } else {
      conditions.set(Conditions.READY, true, VERIFIED, readyMessage(compiled, compilation.warnings()));
    }

    Optional<RevocationListHolder> holder = Optional.ofNullable(mem.runtime.holders().get(name));
    // The persisted floor bounds this operator too: after a restart it must not accept (and then
    // persist) a list older than what it accepted before.
    holder.ifPresent(h -> FloorStatus.fromStatus(before.revocationFloor).ifPresent(h::raiseFloor));
    Optional<AcceptedList> previouslyAccepted = holder.flatMap(h -> h.state().accepted());
    RevocationReport report = holder.map(h -> RevocationReport.of(h.rule(), refreshIfDue(h, now), clock.instant()))
        .orElseGet(RevocationReport::notConfigured);
    boolean waitingForRoot = holder.filter(PolicyReconciliation::waitingForTrustRoot).isPresent();
    if (waitingForRoot) {
      report = report.waitingForTrustRoot();
    }
    conditions.set(Conditions.REVOCATION_LIST_CURRENT, report.current(), report.reason(), report.message());
    escapeHatch(conditions, policy.getSpec().skip);
    after.conditions = conditions.build();
    after.revocations = report.status();
    after.revocationFloor = holder.isEmpty() ? before.revocationFloor
        : holder.get().floorToPersist().map(FloorStatus::toStatus).orElse(null);
    scanForRecalls(policy, mem, holder.map(RevocationListHolder::state), now);
    after.recalledWorkloads = mem.recalledWorkloads;

    transitions.specAndHatches(policy, before, after, compilation.warnings());
    holder.ifPresent(h -> transitions.revocations(policy, before, after, previouslyAccepted, h.state(), waitingForRoot));
    return new Result(after, requeue(holder, mem, rootProblem.isPresent(), now));
  }

  /** The last refresh failed only because no verifier exists yet: the trust root is still loading. */
  private static boolean waitingForTrustRoot(RevocationListHolder h) {
    return !h.skipSignature() && h.verifier().isEmpty()
        && h.state().lastFailure() == io.trustgate.core.revocation.RevocationState.RefreshFailure.INVALID;
  }

  /**
   * Drops what is kept for policies that no longer exist (there is no finalizer, so deletions
   * are noticed here rather than announced).
   */
  public void retainOnly(java.util.Set<String> existing) {
    memory.keySet().retainAll(existing);
  }

  int remembered() {
    return memory.size();
  }

  private PolicyMemory memoryFor(TrustPolicy policy) {
    String uid = policy.getMetadata().getUid();
    // A policy deleted and created again under the same name starts from scratch.
    return memory.compute(policy.getMetadata().getName(),
        (n, m) -> m != null && java.util.Objects.equals(m.uid, uid) ? m : new PolicyMemory(uid));
  }

  private static String readyMessage(CompiledPolicy policy, List<String> warnings) {
    String base = "spec is valid; " + policy.mode() + " mode, " + policy.images().size() + " image selector(s)";
    return warnings.isEmpty() ? base : base + "; warnings: " + String.join("; ", warnings);
  }

  private static void escapeHatch(Conditions conditions, Skip skip) {
    List<String> set = new ArrayList<>();
    if (skip != null && Boolean.TRUE.equals(skip.cosignVerify)) {
      set.add("spec.skip.cosignVerify (signatures of manifests and of the revocation list are NOT checked)");
    }
    if (skip != null && Boolean.TRUE.equals(skip.hashVerify)) {
      set.add("spec.skip.hashVerify (image digests are NOT checked against release manifests)");
    }
    if (set.isEmpty()) {
      conditions.set(Conditions.ESCAPE_HATCH_ACTIVE, false, "NoneSet", "no escape hatch is set");
    } else {
      String reason = set.size() == 2 ? "CosignAndHashVerifySkipped"
          : set.get(0).startsWith("spec.skip.cosign") ? "CosignVerifySkipped" : "HashVerifySkipped";
      conditions.set(Conditions.ESCAPE_HATCH_ACTIVE, true, reason,
          "escape hatch set: " + String.join(", ", set) + "; set it to false once the emergency is over");
    }
  }

  /** The first reconcile fetches at once; later ones when the holder's delay has passed. */
  private static RevocationState refreshIfDue(RevocationListHolder holder, Instant now) {
    RevocationState state = holder.state();
    if (state.lastAttemptAt() == null || !now.isBefore(state.lastAttemptAt().plus(holder.nextRefreshDelay()))) {
      return holder.refresh();
    }
    return state;
  }

  /**
   * Scans running Pods when a new list is accepted (Events) and, with PolicyReports enabled,
   * every report interval (reports follow Pods that are replaced, deleted or fixed). A policy
   * with a revocation list is not scanned before one is accepted: its recalls are not known yet.
   */
  private void scanForRecalls(TrustPolicy policy, PolicyMemory mem, Optional<RevocationState> state, Instant now) {
    String name = policy.getMetadata().getName();
    Optional<String> sha = state.flatMap(RevocationState::accepted).map(AcceptedList::sha256);
    if (recallScanner.isEmpty() || (state.isPresent() && sha.isEmpty())) {
      return;
    }
    boolean newList = sha.isPresent() && !sha.get().equals(mem.scannedSha);
    boolean reportsDue = reports.enabled()
        && (mem.reportedAt == null || !now.isBefore(mem.reportedAt.plus(reports.interval())));
    if (!newList && !reportsDue) {
      return;
    }
    try {
      // Without the CRD (auto), a scan that would only feed reports is skipped.
      boolean writing = reports.active();
      if (reportsDue) {
        mem.reportedAt = now;
      }
      if (!newList && !writing) {
        return;
      }
      RecallScanner.Outcome outcome = recallScanner.get().scan(name, mem.runtime, sha.orElse("(none)"), mem.warnedPods);
      if (sha.isPresent()) {
        mem.recalledWorkloads = outcome.recalledPods();
        mem.scannedSha = sha.get();
      }
      if (writing) {
        reports.write(policy, outcome.results(), clock.instant());
      }
    } catch (RuntimeException e) {
      // Retried on the next reconcile: the list stays "not scanned".
      LOG.warn("policy {}: recall scan failed, will retry: {}", name, e.toString());
    }
  }

  /** Wake up for the next refresh, or when the list would turn stale, whichever is first. */
  private Optional<Duration> requeue(Optional<RevocationListHolder> holder, PolicyMemory mem, boolean rootMissing,
      Instant now) {
    List<Instant> wake = new ArrayList<>();
    if (recallScanner.isPresent() && reports.enabled() && mem.reportedAt != null) {
      wake.add(mem.reportedAt.plus(reports.interval()));
    }
    holder.ifPresent(h -> {
      RevocationState s = h.state();
      if (s.lastAttemptAt() != null) {
        wake.add(s.lastAttemptAt().plus(h.nextRefreshDelay()));
      }
      if (s.fresh(now, h.rule().maxStaleness())) {
        wake.add(s.lastSuccessAt().plus(h.rule().maxStaleness()).plusMillis(1));
      }
    });
    if (rootMissing) {
      wake.add(now.plus(TRUST_ROOT_RECHECK));
    }
    return wake.stream().min(Instant::compareTo).map(at -> {
      Duration d = Duration.between(now, at);
      return d.compareTo(MIN_REQUEUE) < 0 ? MIN_REQUEUE : d;
    });
  }
}
