package io.trustgate.webhook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.revocation.AcceptedList;
import io.trustgate.core.revocation.RevocationListHolder;
import io.trustgate.core.revocation.RevocationState;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The webhook's Prometheus metrics (names in docs/webhook.md). Every label value comes from a
 * fixed set: a request's kind and operation are mapped onto the known ones (anything else counts
 * as {@code other}), reason codes and levels are enums, sources and outcomes are constants in
 * the code, and policy names come from the cluster's own TrustPolicies (bounded by how many
 * exist; the series of a deleted policy are removed). Nothing a client sends can add a series.
 */
public final class WebhookMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final Timer decisionLatency;
  private final Map<String, PolicyGauges> policies = new ConcurrentHashMap<>();
  private volatile Supplier<ManifestCache> cacheSupplier;
  private volatile Supplier<? extends Set<String>> policyNames;

  /** The kinds trustgate judges (the webhook registration sends these); anything else is "other". */
  static final Set<String> KINDS = Set.of("Pod", "PodTemplate", "Deployment", "StatefulSet", "DaemonSet",
      "ReplicaSet", "ReplicationController", "Job", "CronJob");
  static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");
  static final String OTHER = "other";
  private static final Map<String, Integer> KIND_INDEX = indexOf(KINDS);
  private static final Map<String, Integer> OPERATION_INDEX = indexOf(OPERATIONS);
  private static final int LEVELS = Finding.Level.values().length;

  /** Registered admission and finding counters, by label set (see {@link #admissionCounter}). */
  private final Counter[] admissionCounters =
      new Counter[2 * (KIND_INDEX.size() + 1) * (OPERATION_INDEX.size() + 1) * 2];
  private final Counter[] findingCounters = new Counter[io.trustgate.core.decision.Reason.values().length * LEVELS];

  /** Latest revocation facts of one policy, read by the gauges. */
  private static final class PolicyGauges {
    volatile double sequence = Double.NaN;
    volatile long fetchedAtMillis = -1;
    volatile double entries = Double.NaN;
    volatile double current = 0;
  }

  public WebhookMetrics(Clock clock) {
    this.clock = clock;
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    this.decisionLatency =
        Timer.builder("trustgate.admission.duration")
            .description("Time to judge one AdmissionReview, from parsed body to response bytes")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  /** One judged admission review. */
  public void admission(String kind, String operation, boolean dryRun, Decision decision, Duration latency) {
    admissionCounter(decision.allowed(), kind, operation, dryRun).increment();
    decisionLatency.record(latency);
    for (Finding f : decision.findings()) {
      findingCounter(f).increment();
    }
  }

  /**
   * The counter of one label set, registered on first use and kept: a review costs one array read
   * here instead of building a meter id and looking it up in the registry. Two threads registering
   * the same set at once get the same counter from the registry.
   */
  private Counter admissionCounter(boolean allowed, String kind, String operation, boolean dryRun) {
    int k = KIND_INDEX.getOrDefault(kind, KIND_INDEX.size());
    int o = OPERATION_INDEX.getOrDefault(operation, OPERATION_INDEX.size());
    int slot = ((((allowed ? 1 : 0) * (KIND_INDEX.size() + 1) + k) * (OPERATION_INDEX.size() + 1) + o) * 2)
        + (dryRun ? 1 : 0);
    Counter c = admissionCounters[slot];
    if (c == null) {
      c = Counter.builder("trustgate.admission.requests")
          .description("AdmissionReviews judged, by decision and kind")
          .tag("decision", allowed ? "allowed" : "denied")
          .tag("kind", bounded(kind, KINDS))
          .tag("operation", bounded(operation, OPERATIONS))
          .tag("dry_run", Boolean.toString(dryRun))
          .register(registry);
      admissionCounters[slot] = c;
    }
    return c;
  }

  private Counter findingCounter(Finding f) {
    int slot = f.reason().ordinal() * LEVELS + f.level().ordinal();
    Counter c = findingCounters[slot];
    if (c == null) {
      c = Counter.builder("trustgate.findings")
          .description("Findings raised, by reason code and level")
          .tag("reason", f.reason().name())
          .tag("level", f.level().name())
          .register(registry);
      findingCounters[slot] = c;
    }
    return c;
  }

  private static Map<String, Integer> indexOf(Set<String> values) {
    Map<String, Integer> index = new java.util.HashMap<>();
    for (String v : values) {
      index.put(v, index.size());
    }
    return Map.copyOf(index);
  }

  /** The value when it is one of {@code known}, else {@value #OTHER}: labels never echo a request. */
  static String bounded(String value, Set<String> known) {
    return known.contains(value) ? value : OTHER;
  }

  /**
   * A request the webhook refused: {@code invalid} (400), {@code not_ready} (503), {@code busy}
   * (429), or a connection closed on accept ({@code connection_limit}).
   */
  public void rejectedRequest(String why) {
    Counter.builder("trustgate.admission.invalid.requests")
        .description("Requests that were not valid AdmissionReviews")
        .tag("why", why)
        .register(registry)
        .increment();
  }

  public void bindManifestCache(Supplier<ManifestCache> cache) {
    // Micrometer holds state objects weakly; keep the supplier reachable for as long as we live.
    this.cacheSupplier = cache;
    FunctionCounter.builder("trustgate.manifest.cache.hits", cache, c -> c.get().hits())
        .description("Verified-manifest cache hits").register(registry);
    FunctionCounter.builder("trustgate.manifest.cache.misses", cache, c -> c.get().misses())
        .description("Verified-manifest cache misses (fetch and verify)").register(registry);
    FunctionCounter.builder("trustgate.manifest.cache.stale.served", cache, c -> c.get().staleServed())
        .description("Negative answers served old enough to be refreshed in the background").register(registry);
    FunctionCounter.builder("trustgate.manifest.cache.refreshes", cache, c -> c.get().refreshes())
        .description("Background refreshes of negative answers started").register(registry);
    FunctionCounter.builder("trustgate.manifest.cache.refreshes.deferred", cache, c -> c.get().refreshesDeferred())
        .description("Background refreshes put off because the refresh limit was reached").register(registry);
    Gauge.builder("trustgate.manifest.cache.entries", cache, c -> c.get().size())
        .description("Entries in the verified-manifest cache").strongReference(true).register(registry);
  }

  /** Called after each revocation refresh: updates the policy's gauges. */
  public void revocationRefreshed(RevocationListHolder holder) {
    PolicyGauges g = policies.computeIfAbsent(holder.policy(), this::registerPolicy);
    RevocationState s = holder.state();
    g.current = s.fresh(clock.instant(), holder.rule().maxStaleness()) ? 1 : 0;
    s.accepted().ifPresent((AcceptedList a) -> {
      g.sequence = a.list().sequence().map(Long::doubleValue).orElse(Double.NaN);
      g.fetchedAtMillis = s.lastSuccessAt().toEpochMilli();
      g.entries = a.list().revocations().size();
    });
    if (s.accepted().isEmpty() && s.nonePublished()) {
      g.fetchedAtMillis = s.lastSuccessAt().toEpochMilli();
      g.entries = 0;
    }
    if (s.lastFailure() != null) {
      Counter.builder("trustgate.revocation.refresh.failures")
          .description("Revocation list refreshes not accepted, by policy and cause")
          .tag("policy", holder.policy())
          .tag("cause", s.lastFailure().name())
          .register(registry)
          .increment();
    }
  }

  private PolicyGauges registerPolicy(String policy) {
    PolicyGauges g = new PolicyGauges();
    Gauge.builder("trustgate.revocation.list.sequence", g, x -> x.sequence)
        .description("Sequence of the revocation list in use").tag("policy", policy).register(registry);
    Gauge.builder("trustgate.revocation.list.age", g,
            x -> x.fetchedAtMillis < 0 ? Double.NaN : (clock.millis() - x.fetchedAtMillis) / 1000.0)
        .description("Seconds since the revocation list in use was last verified")
        .baseUnit("seconds").tag("policy", policy).register(registry);
    Gauge.builder("trustgate.revocation.list.entries", g, x -> x.entries)
        .description("Recalls in the revocation list in use").tag("policy", policy).register(registry);
    Gauge.builder("trustgate.revocation.list.current", g, x -> x.current)
        .description("1 when the revocation list is no older than maxStaleness").tag("policy", policy)
        .register(registry);
    return g;
  }

  /** Drops the gauges of policies that no longer exist. */
  public void retainPolicies(java.util.Set<String> names) {
    policies.keySet().removeIf(p -> {
      if (names.contains(p)) {
        return false;
      }
      registry.find("trustgate.revocation.list.sequence").tag("policy", p).meters().forEach(registry::remove);
      registry.find("trustgate.revocation.list.age").tag("policy", p).meters().forEach(registry::remove);
      registry.find("trustgate.revocation.list.entries").tag("policy", p).meters().forEach(registry::remove);
      registry.find("trustgate.revocation.list.current").tag("policy", p).meters().forEach(registry::remove);
      registry.find("trustgate.revocation.refresh.failures").tag("policy", p).meters().forEach(registry::remove);
      return true;
    });
  }

  /** Records one evidence fetch. */
  public void evidenceFetch(String source, String outcome, Duration latency) {
    Timer.builder("trustgate.evidence.fetch.duration")
        .description("Fetches of manifests, bundles and revocation lists, by source and outcome")
        .tag("source", source)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(latency);
    if (outcome.equals("error")) {
      Counter.builder("trustgate.evidence.fetch.errors")
          .description("Evidence fetches that failed (network, HTTP status, size)")
          .tag("source", source).register(registry).increment();
    }
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).strongReference(true).register(registry);
  }

  /** Which policies exist now: the series of any other policy are dropped at the next scrape. */
  public void bindPolicyNames(Supplier<? extends java.util.Set<String>> names) {
    this.policyNames = names;
  }

  /** Prometheus text exposition format. */
  public String scrape() {
    Supplier<? extends java.util.Set<String>> names = policyNames;
    if (names != null) {
      retainPolicies(names.get());
    }
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
