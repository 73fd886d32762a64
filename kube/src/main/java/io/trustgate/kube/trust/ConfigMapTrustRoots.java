package io.trustgate.kube.trust;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.sigstore.TrustRootException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust roots held in ConfigMaps ({@code trustRoot.configMapRef}). Each referenced ConfigMap is
 * watched by its own informer from the first time a policy asks for it, and its roots are
 * re-read when it changes. A verifier is built once per distinct root (by {@link TrustRoot#id()}),
 * so an unrelated edit of the ConfigMap keeps the same verifier, and with it the caches keyed by
 * it. The admission path only reads published values.
 */
final class ConfigMapTrustRoots implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapTrustRoots.class);

  private final KubernetesClient client;
  private final Runnable onChange;
  private final Map<String, BundleVerifier> verifiersById = new ConcurrentHashMap<>();
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** What one key of one ConfigMap yields: a verifier, or why not. */
  private record Resolved(Optional<BundleVerifier> verifier, String problem) {
    static Resolved of(BundleVerifier v) {
      return new Resolved(Optional.of(v), null);
    }

    static Resolved missing(String problem) {
      return new Resolved(Optional.empty(), problem);
    }
  }

  private static final class Watched {
    final String namespace;
    final String name;
    final Map<String, Resolved> byKey = new ConcurrentHashMap<>();
    SharedIndexInformer<ConfigMap> informer;
    volatile boolean listed;

    Watched(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    String describe() {
      return "ConfigMap " + namespace + "/" + name;
    }
  }

  ConfigMapTrustRoots(KubernetesClient client, Runnable onChange) {
    this.client = Objects.requireNonNull(client, "client");
    this.onChange = onChange;
  }

  Optional<BundleVerifier> get(TrustRootRef.ConfigMap ref) {
    return resolved(ref).verifier();
  }

  Optional<String> problem(TrustRootRef.ConfigMap ref) {
    return Optional.ofNullable(resolved(ref).problem());
  }

  private Resolved resolved(TrustRootRef.ConfigMap ref) {
    Watched w = watched.get(ref.namespace() + "/" + ref.name());
    Resolved r = w == null ? null : w.byKey.get(ref.key());
    return r != null ? r : resolveFirst(ref);
  }

  private synchronized Resolved resolveFirst(TrustRootRef.ConfigMap ref) {
    String id = ref.namespace() + "/" + ref.name();
    Watched w = watched.get(id);
    if (closed) {
      return Resolved.missing("trust roots are closed");
    }
    if (w == null) {
      w = new Watched(ref.namespace(), ref.name());
      watched.put(id, w);
      watch(w);
    }
    Resolved r = w.byKey.get(ref.key());
    if (r == null) {
      r = resolve(w, ref.key());
      w.byKey.put(ref.key(), r);
    }
    return r;
  }

  private void watch(Watched w) {
    SharedIndexInformer<ConfigMap> informer =
        client.configMaps().inNamespace(w.namespace).withName(w.name).runnableInformer(0);
    informer.exceptionHandler((started, t) -> {
      LOG.warn("trust root {}: watch failed, retrying: {}", w.describe(), t.toString());
      return true;
    });
    informer.addEventHandler(new ResourceEventHandler<ConfigMap>() {
      @Override
      public void onAdd(ConfigMap cm) {
        changed(w);
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap after) {
        changed(w);
      }

      @Override
      public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
        changed(w);
      }
    });
    w.informer = informer;
    informer.start().whenComplete((ignored, failure) -> {
      if (failure == null) {
        w.listed = true;
        changed(w);
      } else if (!closed) {
        LOG.warn("trust root {}: initial read failed: {}", w.describe(), failure.toString());
      }
    });
    LOG.info("watching {} for trusted roots", w.describe());
  }

  /** Re-resolves every key asked of a ConfigMap; tells listeners when a verifier changed. */
  private void changed(Watched w) {
    boolean verifierChanged = false;
    synchronized (this) {
      for (Map.Entry<String, Resolved> e : w.byKey.entrySet()) {
        Resolved before = e.getValue();
        Resolved after = resolve(w, e.getKey());
        if (!sameVerifier(before, after)) {
          verifierChanged = true;
        }
        if (after.verifier().isPresent() && !sameVerifier(before, after)) {
          LOG.info("trust root {} key {} loaded: {}", w.describe(), e.getKey(), after.verifier().get().trustRoot().describe());
        } else if (after.problem() != null && !after.problem().equals(before.problem())) {
          LOG.warn("trust root {} key {} not usable: {}", w.describe(), e.getKey(), after.problem());
        }
        e.setValue(after);
      }
      pruneVerifiers();
    }
    if (verifierChanged) {
      onChange.run();
    }
  }

  private static boolean sameVerifier(Resolved a, Resolved b) {
    return a.verifier().orElse(null) == b.verifier().orElse(null);
  }

  private Resolved resolve(Watched w, String key) {
    SharedIndexInformer<ConfigMap> informer = w.informer;
    if (informer == null || !(w.listed || informer.hasSynced())) {
      return Resolved.missing(w.describe() + " is not loaded yet");
    }
    ConfigMap cm = informer.getStore().list().stream()
        .filter(c -> w.name.equals(c.getMetadata().getName()))
        .findFirst().orElse(null);
    if (cm == null) {
      return Resolved.missing(w.describe() + " does not exist");
    }
    byte[] json;
    if (cm.getData() != null && cm.getData().get(key) != null) {
      json = cm.getData().get(key).getBytes(StandardCharsets.UTF_8);
    } else if (cm.getBinaryData() != null && cm.getBinaryData().get(key) != null) {
      try {
        json = Base64.getDecoder().decode(cm.getBinaryData().get(key));
      } catch (IllegalArgumentException e) {
        return Resolved.missing(w.describe() + " binaryData." + key + " is not valid base64");
      }
    } else {
      return Resolved.missing(w.describe() + " has no key " + key);
    }
    try {
      TrustRoot root = TrustRoot.fromJson(json, "configmap " + w.namespace + "/" + w.name + " key " + key);
      return Resolved.of(verifiersById.computeIfAbsent(root.id(), id -> new BundleVerifier(root)));
    } catch (TrustRootException e) {
      return Resolved.missing(e.getMessage());
    }
  }

  /** Drops verifiers no key refers to any more (old versions of an edited root). */
  private void pruneVerifiers() {
    Set<BundleVerifier> inUse = new HashSet<>();
    for (Watched w : watched.values()) {
      w.byKey.values().forEach(r -> r.verifier().ifPresent(inUse::add));
    }
    verifiersById.values().removeIf(v -> !inUse.contains(v));
  }

  @Override
  public synchronized void close() {
    closed = true;
    watched.values().forEach(w -> {
      if (w.informer != null) {
        w.informer.close();
      }
    });
    watched.clear();
  }
}
