package io.trustgate.webhook.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.core.policy.PolicyDocument;
import io.trustgate.core.revocation.FloorStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TrustPolicies from the cluster: a shared informer on the cluster-scoped TrustPolicy resource.
 * Every add, update or delete re-delivers the informer's whole store; events arriving close
 * together (an apply of many policies) are folded into one delivery. Deliveries run on one
 * thread, so the listener never sees two sets at once.
 */
public final class InformerPolicySource implements PolicySource {
  private static final Logger LOG = LoggerFactory.getLogger(InformerPolicySource.class);
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);
  private static final long SYNC_CHECK_MILLIS = 100;

  private final KubernetesClient client;
  private final Duration debounce;
  private final ScheduledExecutorService deliveries;
  private final AtomicBoolean deliveryPending = new AtomicBoolean();
  private SharedIndexInformer<TrustPolicy> informer;
  private volatile ScheduledFuture<?> syncCheck;
  private Listener listener;
  private volatile boolean listed;
  private volatile boolean synced;

  public InformerPolicySource(KubernetesClient client) {
    this(client, DEFAULT_DEBOUNCE);
  }

  public InformerPolicySource(KubernetesClient client, Duration debounce) {
    this.client = Objects.requireNonNull(client, "client");
    this.debounce = Objects.requireNonNull(debounce, "debounce");
    this.deliveries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "trustgate-policy-informer");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public synchronized void start(Listener listener) {
    if (this.listener != null) {
      throw new IllegalStateException("already started");
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    informer = client.resources(TrustPolicy.class).runnableInformer(0);
    informer.exceptionHandler((started, t) -> {
      LOG.warn("TrustPolicy watch failed, retrying: {}", t.toString());
      return true;
    });
    informer.addEventHandler(new ResourceEventHandler<TrustPolicy>() {
      @Override
      public void onAdd(TrustPolicy p) {
        changed();
      }

      @Override
      public void onUpdate(TrustPolicy before, TrustPolicy after) {
        changed();
      }

      @Override
      public void onDelete(TrustPolicy p, boolean finalStateUnknown) {
        changed();
      }
    });
    informer.start();
    // The first delivery waits for the initial list, however long retries take; an empty
    // cluster yields no events, so the informer's sync state is polled rather than awaited.
    syncCheck = deliveries.scheduleWithFixedDelay(this::deliverOnceSynced, 0, SYNC_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    LOG.info("watching TrustPolicies ({})", TrustPolicy.API_VERSION);
  }

  @Override
  public boolean synced() {
    return synced;
  }

  @Override
  public String describe() {
    return "TrustPolicy informer";
  }

  private void changed() {
    if (listed && deliveryPending.compareAndSet(false, true)) {
      deliveries.schedule(this::deliver, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void deliverOnceSynced() {
    if (listed) {
      ScheduledFuture<?> check = syncCheck;
      if (check != null) {
        check.cancel(false);
      }
      return;
    }
    if (!informer.hasSynced()) {
      return;
    }
    // From here on events schedule their own deliveries, so none is lost after this read.
    listed = true;
    deliver();
    synced = true;
    LOG.info("TrustPolicies synced from the cluster");
  }

  private void deliver() {
    // Cleared before reading the store: an event after this point schedules another delivery.
    deliveryPending.set(false);
    try {
      List<PolicyDocument> policies = informer.getStore().list().stream()
          .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
          .map(InformerPolicySource::document)
          .toList();
      listener.onPolicies(policies);
    } catch (RuntimeException e) {
      LOG.error("applying TrustPolicies failed unexpectedly", e);
    }
  }

  private static PolicyDocument document(TrustPolicy p) {
    String name = p.getMetadata().getName();
    return new PolicyDocument(name, p.getSpec(),
        "TrustPolicy " + name + " (generation " + p.getMetadata().getGeneration() + ")",
        p.getStatus() == null ? Optional.empty() : FloorStatus.fromStatus(p.getStatus().revocationFloor));
  }

  @Override
  public synchronized void close() {
    deliveries.shutdownNow();
    if (informer != null) {
      informer.close();
    }
  }
}
