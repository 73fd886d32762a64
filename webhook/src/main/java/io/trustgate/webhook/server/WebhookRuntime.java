package io.trustgate.webhook.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.evidence.MirrorEvidenceSource;
import io.trustgate.webhook.Readiness;
import io.trustgate.webhook.WebhookSettings;
import io.trustgate.webhook.admission.AdmissionReviewHandler;
import io.trustgate.webhook.admission.AdmissionSettings;
import io.trustgate.kube.evidence.ConfigMapMirror;
import io.trustgate.core.evidence.EvidenceChain;
import io.trustgate.webhook.metrics.MeteredEvidenceSource;
import io.trustgate.webhook.metrics.WebhookMetrics;
import io.trustgate.webhook.policy.DirectoryPolicySource;
import io.trustgate.webhook.policy.InformerPolicySource;
import io.trustgate.webhook.policy.PolicyRegistry;
import io.trustgate.webhook.policy.PolicySource;
import io.trustgate.webhook.policy.ReadinessReport;
import io.trustgate.kube.trust.TrustRoots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the webhook runs, wired from its settings: cluster client (unless local mode),
 * trust roots, evidence sources, policy registry with background revocation refreshes, the
 * verifier warm-up and the admission handler. Plain Java so tests can build it without HTTP.
 */
public final class WebhookRuntime implements Readiness, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRuntime.class);
  private static final Duration MIRROR_SYNC_WAIT = Duration.ofSeconds(30);

  private final WebhookMetrics metrics;
  private final ExecutorService fetches;
  private final ScheduledExecutorService background;
  private final KubernetesClient client;
  private final TrustRoots trustRoots;
  private final ConfigMapMirror mirror;
  private final PolicyRegistry registry;
  private final VerifierWarmup warmup = new VerifierWarmup();
  private final AdmissionReviewHandler handler;
  private volatile String warmupFailure;
  private volatile boolean everReady;
  private volatile boolean shuttingDown;

  public WebhookRuntime(WebhookSettings settings, EscapeHatches hatches, Clock clock) {
    announce(hatches);
    this.metrics = new WebhookMetrics(clock);
    this.fetches = Executors.newFixedThreadPool(settings.fetchThreads(), daemon("trustgate-fetch"));
    this.background = Executors.newScheduledThreadPool(2, daemon("trustgate-refresh"));
    this.client = settings.localMode() ? null : io.trustgate.kube.KubeClients.create(settings.kubeconfig());
    this.trustRoots = settings.trustedRoot().isPresent()
        ? TrustRoots.override(settings.trustedRoot().get())
        : TrustRoots.of(client, background);
    this.mirror = client == null ? null : new ConfigMapMirror(client, settings.mirrorNamespace());
    EvidenceSource evidence = evidence(settings);
    PolicySource policies = settings.localMode()
        ? new DirectoryPolicySource(settings.policiesDir().get())
        : new InformerPolicySource(client);
    this.registry = new PolicyRegistry(policies, trustRoots, evidence, hatches, clock, background, fetches);
    registry.addRevocationRefreshListener(metrics::revocationRefreshed);
    metrics.bindManifestCache(registry::manifestCache);
    metrics.bindPolicyNames(() -> registry.holders().keySet());
    metrics.gauge("trustgate.policies", "TrustPolicies that compile", registry::policyCount);
    metrics.gauge("trustgate.policies.invalid", "TrustPolicies that do not compile (their images are denied)",
        registry::brokenPolicyCount);
    metrics.gauge("trustgate.ready", "1 when the webhook admits requests", () -> report().ready() ? 1 : 0);
    this.handler = new AdmissionReviewHandler(registry::engine,
        new AdmissionSettings(settings.deadline(), settings.maxImages()), new AdmissionLog(metrics, settings.logAllowed()), clock);

    if (mirror != null) {
      mirror.start();
      mirror.awaitSynced(MIRROR_SYNC_WAIT);
    }
    registry.start();
    background.execute(this::warmUp);
  }

  private static void announce(EscapeHatches hatches) {
    if (hatches.skipCosignVerify()) {
      LOG.warn("ESCAPE HATCH ACTIVE: {}=1 — signatures of manifests and revocation lists are NOT checked for any"
          + " policy. Every admission relying on it is logged and carries a warning.", EscapeHatches.SKIP_COSIGN_ENV);
    }
    if (hatches.skipHashVerify()) {
      LOG.warn("ESCAPE HATCH ACTIVE: {}=1 — image digests are NOT checked against release manifests for any"
          + " policy. Every admission relying on it is logged and carries a warning.", EscapeHatches.SKIP_HASH_ENV);
    }
  }

  private EvidenceSource evidence(WebhookSettings settings) {
    List<EvidenceSource> chain = new ArrayList<>();
    settings.mirrorDir().ifPresent(d -> chain.add(new MeteredEvidenceSource(new MirrorEvidenceSource(d), "mirror-dir", metrics)));
    if (mirror != null) {
      chain.add(new MeteredEvidenceSource(mirror, "configmap", metrics));
    }
    if (!settings.offline()) {
      chain.add(new MeteredEvidenceSource(new HttpEvidenceSource(HttpEvidenceConfig.defaults()), "http", metrics));
    }
    return chain.size() == 1 ? chain.get(0) : new EvidenceChain(chain.toArray(EvidenceSource[]::new));
  }

  private void warmUp() {
    try {
      warmup.run();
    } catch (RuntimeException e) {
      warmupFailure = e.getMessage();
      LOG.error("Sigstore verifier warm-up failed; the webhook stays not ready", e);
    }
  }

  /**
   * Ready once everything has loaded at start (each revocation list tried once; one that failed
   * is a degraded note, not a blocker). After that the webhook stays ready: a policy added
   * later whose list is still loading affects only the images it governs (the engine denies them
   * per onStale), instead of taking every admission in the cluster down with a 503.
   */
  @Override
  public Report report() {
    if (shuttingDown) {
      return new Report(false, List.of("shutting down"));
    }
    List<String> reasons = new ArrayList<>();
    ReadinessReport policies = registry.ready();
    reasons.addAll(policies.reasons());
    if (!warmup.done()) {
      reasons.add(warmupFailure == null ? "Sigstore verifier warming up" : "verifier warm-up failed: " + warmupFailure);
    }
    if (mirror != null && !mirror.synced()) {
      reasons.add("mirror ConfigMaps in namespace " + mirror.namespace() + " not listed yet");
    }
    if (reasons.isEmpty() && policies.ready()) {
      everReady = true;
      return new Report(true, policies.degraded());
    }
    return new Report(everReady, reasons);
  }

  /**
   * From now on {@code /readyz} says not ready, so the Service stops sending reviews here; the
   * ones that still arrive while the endpoints update are judged as usual.
   */
  public void shuttingDown() {
    shuttingDown = true;
  }

  /** Readiness latches: after the first time, no per-request walk over policies and lists. */
  @Override
  public boolean admitting() {
    return everReady || report().ready();
  }

  public AdmissionReviewHandler handler() {
    return handler;
  }

  public WebhookMetrics metrics() {
    return metrics;
  }

  public PolicyRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    registry.close();
    if (mirror != null) {
      mirror.close();
    }
    trustRoots.close();
    if (client != null) {
      client.close();
    }
    background.shutdownNow();
    fetches.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
