package io.trustgate.webhook.policy;

import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.policy.BrokenPolicy;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.PolicyDocument;
import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.revocation.RevocationScheduler;
import io.trustgate.core.revocation.RevocationState;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.kube.trust.TrustRoots;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's live policy state. Every set a {@link PolicySource} delivers is compiled (invalid
 * policies become {@link BrokenPolicy}s that deny what they name), wired into a new
 * {@link PolicyRuntime}, and published as one immutable generation: {@link #engine()} is a single
 * volatile read on the admission path.
 *
 * <p>Across generations one {@link ManifestCache} is shared, and a revocation list whose rule
 * and verifier are unchanged keeps its holder: its verified list and rollback floor survive
 * edits elsewhere in the policy. Every holder is bounded by the revocation floor in its policy's
 * status, raised before a new holder's first refresh, so restarts and replicas never go back
 * from a list the operator accepted. New holders start refreshing in the background; replaced and
 * removed ones stop.
 *
 * <p>A holder whose trust root is missing would refresh with no verifier, which means "skip the
 * signature check" to the holder; it is therefore not started until the root appears (the
 * registry rebuilds when {@link TrustRoots} reports a change), and the webhook stays not ready.
 */
public final class PolicyRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyRegistry.class);

  private final PolicySource source;
  private final VerifierProvider verifiers;
  private final EvidenceSource evidence;
  private final EscapeHatches hatches;
  private final Clock clock;
  private final ManifestCache manifests;
  private final RevocationScheduler scheduler;
  private final List<Consumer<RevocationListHolder>> refreshListeners = new CopyOnWriteArrayList<>();

  /** Holders being refreshed; identity-based, as holders are. Guarded by this. */
  private final Set<RevocationListHolder> running = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Guarded by this. */
  private List<PolicyDocument> documents;
  /** What was last logged per policy, so a re-delivery does not repeat it. Guarded by this. */
  private Map<String, List<String>> reported = Map.of();
  /** Guarded by this. */
  private boolean closed;
  private volatile Generation current;

  /** One published state; {@code waiting} names policies whose list awaits its trust root. */
  private record Generation(PolicyRuntime runtime, List<BrokenPolicy> broken, Set<String> waiting) {}

  /**
   * @param refreshes runs revocation list refreshes
   * @param fetches runs release manifest fetches and verification (the manifest cache's misses)
   */
  public PolicyRegistry(
      PolicySource source,
      VerifierProvider verifiers,
      EvidenceSource evidence,
      EscapeHatches hatches,
      Clock clock,
      ScheduledExecutorService refreshes,
      Executor fetches) {
    this.source = Objects.requireNonNull(source, "source");
    this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
    this.evidence = Objects.requireNonNull(evidence, "evidence");
    this.hatches = Objects.requireNonNull(hatches, "hatches");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.manifests = PolicyRuntime.manifestCache(evidence, fetches, clock);
    this.scheduler = new RevocationScheduler(refreshes, this::refreshed);
    this.current = new Generation(runtime(List.of(), List.of(), Map.of()), List.of(), Set.of());
  }

  /** Starts the source; policies arrive (and lists start loading) in the background. */
  public void start() {
    if (verifiers instanceof TrustRoots roots) {
      roots.addListener(this::rebuild);
    }
    source.start(this::apply);
  }

  /** The engine of the current generation: governs nothing until the first delivery. */
  public DecisionEngine engine() {
    return current.runtime().engine();
  }

  /** Compiles and publishes a delivered set of policies. */
  synchronized void apply(List<PolicyDocument> delivered) {
    if (closed) {
      return;
    }
    documents = List.copyOf(delivered);
    build();
  }

  /** Recompiles the last delivered set: a trust root appeared or changed. */
  public synchronized void rebuild() {
    if (documents != null && !closed) {
      build();
    }
  }

  private void build() {
    PolicyBatch batch = PolicyBatch.compile(documents);
    report(batch);
    for (CompiledPolicy p : batch.policies()) {
      if (!skipsSignatures(p)) {
        verifiers.verifierFor(p.trustRoot()); // starts loading roots not seen before
      }
    }
    PolicyRuntime next = runtime(batch.policies(), batch.broken(), current.runtime().holders());
    Set<RevocationListHolder> behindFloor = raiseFloors(next);
    Set<String> waiting = new TreeSet<>();
    Set<RevocationListHolder> keep = Collections.newSetFromMap(new IdentityHashMap<>());
    next.holders().forEach((name, holder) -> {
      if (holder.verifier().isEmpty() && !holder.skipSignature()) {
        waiting.add(name);
      } else {
        keep.add(holder);
      }
    });
    current = new Generation(next, batch.broken(), Set.copyOf(waiting));
    int started = 0;
    int stopped = 0;
    for (RevocationListHolder h : keep) {
      if (running.add(h)) {
        scheduler.start(h);
        started++;
      } else if (behindFloor.contains(h)) {
        scheduler.refreshNow(h); // the operator accepted a newer list: fetch it now
      }
    }
    for (var it = running.iterator(); it.hasNext(); ) {
      RevocationListHolder h = it.next();
      if (!keep.contains(h)) {
        scheduler.stop(h);
        it.remove();
        stopped++;
      }
    }
    LOG.info("TrustPolicies in force: {} valid, {} invalid; revocation lists: {} refreshing ({} started, {} stopped){}",
        batch.policies().size(), batch.broken().size(), running.size(), started, stopped,
        waiting.isEmpty() ? "" : ", waiting for a trust root: " + waiting);
  }

  /**
   * Bounds each holder by the floor in its policy's status (before a new holder's first
   * refresh). Returns the holders whose list in use is older than their floor.
   */
  private Set<RevocationListHolder> raiseFloors(PolicyRuntime runtime) {
    Set<RevocationListHolder> behind = Collections.newSetFromMap(new IdentityHashMap<>());
    for (PolicyDocument doc : documents) {
      RevocationListHolder holder = runtime.holders().get(doc.name());
      if (holder != null && doc.floor().isPresent() && holder.raiseFloor(doc.floor().get())) {
        behind.add(holder);
      }
    }
    return behind;
  }

  private PolicyRuntime runtime(
      List<CompiledPolicy> policies, List<BrokenPolicy> broken, Map<String, RevocationListHolder> previous) {
    return PolicyRuntime.create(policies, broken, evidence, manifests, verifiers, hatches, clock, previous);
  }

  private boolean skipsSignatures(CompiledPolicy p) {
    return p.skipCosignVerify() || hatches.skipCosignVerify();
  }

  /** Logs problems and lint warnings of policies whose messages changed since the last build. */
  private void report(PolicyBatch batch) {
    batch.messages().forEach((name, lines) -> {
      if (!lines.equals(reported.get(name))) {
        boolean invalid = lines.stream().anyMatch(l -> l.startsWith("invalid: "));
        String text = String.join("; ", lines);
        if (invalid) {
          LOG.warn("TrustPolicy {} is invalid and denies every image it names until fixed: {}", name, text);
        } else {
          LOG.warn("TrustPolicy {}: {}", name, text);
        }
      }
    });
    reported = batch.messages();
  }

  private void refreshed(RevocationListHolder holder) {
    for (Consumer<RevocationListHolder> l : refreshListeners) {
      try {
        l.accept(holder);
      } catch (RuntimeException e) {
        LOG.error("revocation refresh listener failed for policy {}", holder.policy(), e);
      }
    }
  }

  /**
   * Ready when the policies have been read, every trust root in use is available, and every
   * revocation list has been tried once. A list that could not be loaded does not hold the
   * webhook back: it only affects the images its own policy governs (denied per its onStale),
   * and it is counted as degraded, without names or URLs, which the unauthenticated /readyz
   * must not reveal (the TrustPolicy status and the metrics say which policy and why).
   */
  public ReadinessReport ready() {
    List<String> reasons = new ArrayList<>();
    if (!source.synced()) {
      reasons.add("TrustPolicies not loaded yet from " + source.describe());
    }
    Generation g = current;
    for (CompiledPolicy p : g.runtime().policies()) {
      if (!skipsSignatures(p) && verifiers.verifierFor(p.trustRoot()).isEmpty()) {
        reasons.add("policy " + p.name() + ": trust root " + p.trustRoot() + " is not available"
            + problem(p).map(why -> ": " + why).orElse(""));
      }
    }
    int unloaded = 0;
    for (var e : g.runtime().holders().entrySet()) {
      String name = e.getKey();
      RevocationListHolder holder = e.getValue();
      RevocationState s = holder.state();
      if (g.waiting().contains(name)) {
        reasons.add("policy " + name + ": revocation list " + holder.rule().url()
            + " is not loaded: waiting for its trust root");
      } else if (s.lastAttemptAt() == null) {
        reasons.add("policy " + name + ": revocation list " + holder.rule().url() + " is not loaded yet");
      } else if (!s.loaded()) {
        unloaded++;
      }
    }
    List<String> degraded = unloaded == 0 ? List.of() : List.of(unloaded + " of " + g.runtime().holders().size()
        + " revocation list(s) could not be loaded; the images their policies govern are denied (onStale: Deny)"
        + " or admitted with a warning (onStale: Warn) until they load");
    return ReadinessReport.of(reasons, degraded);
  }

  private Optional<String> problem(CompiledPolicy p) {
    return verifiers instanceof TrustRoots roots ? roots.problem(p.trustRoot()) : Optional.empty();
  }

  /** Per policy with a revocation list, its state for metrics. */
  public List<RevocationStatus> revocationStatus() {
    Generation g = current;
    List<RevocationStatus> out = new ArrayList<>();
    g.runtime().holders().forEach((name, holder) ->
        out.add(RevocationStatus.of(holder, !g.waiting().contains(name), clock.instant())));
    out.sort(Comparator.comparing(RevocationStatus::policy));
    return out;
  }

  /** The current generation's revocation list holders, by policy name. */
  public Map<String, RevocationListHolder> holders() {
    return current.runtime().holders();
  }

  /** The manifest cache shared by every generation (hits, misses, size). */
  public ManifestCache manifestCache() {
    return manifests;
  }

  public int policyCount() {
    return current.runtime().policies().size();
  }

  public int brokenPolicyCount() {
    return current.broken().size();
  }

  public List<BrokenPolicy> brokenPolicies() {
    return current.broken();
  }

  /** Called on a refresh thread after every revocation list refresh; must be quick. */
  public void addRevocationRefreshListener(Consumer<RevocationListHolder> listener) {
    refreshListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    source.close();
    synchronized (this) {
      closed = true;
      scheduler.close();
      running.clear();
    }
  }
}
