package io.trustgate.kube.evidence;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.evidence.MirrorConfigMap;
import io.trustgate.core.policy.ManifestRule;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence from mirror ConfigMaps ({@link MirrorConfigMap}) in one namespace, kept current by an
 * informer: the air-gapped cluster's stand-in for the release server. Never uses the network
 * beyond the Kubernetes API. A URL is answered with {@code binaryData.document}, and
 * {@code URL.bundle} with {@code binaryData.bundle} of the ConfigMap annotated with URL.
 *
 * <p>Until the informer has listed the namespace every fetch is {@code Failed}, not
 * {@code NotFound}: a revocation list that is merely not loaded yet must not read as "none
 * published".
 */
public final class ConfigMapMirror implements EvidenceSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapMirror.class);

  private final KubernetesClient client;
  private final String namespace;
  private volatile SharedIndexInformer<ConfigMap> informer;
  private volatile Map<String, ConfigMap> byUrl = Map.of();
  private volatile boolean synced;
  private volatile boolean closed;

  public ConfigMapMirror(KubernetesClient client) {
    this(client, MirrorConfigMap.DEFAULT_NAMESPACE);
  }

  public ConfigMapMirror(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** Starts watching; returns at once. {@link #synced()} turns true after the first list. */
  public synchronized void start() {
    if (informer != null) {
      return;
    }
    SharedIndexInformer<ConfigMap> i =
        client.configMaps().inNamespace(namespace).withLabel(MirrorConfigMap.LABEL, "true").runnableInformer(0);
    i.exceptionHandler((started, t) -> {
      LOG.warn("mirror ConfigMaps in namespace {}: watch failed, retrying: {}", namespace, t.toString());
      return true;
    });
    i.addEventHandler(new ResourceEventHandler<ConfigMap>() {
      @Override
      public void onAdd(ConfigMap cm) {
        reindex();
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap after) {
        reindex();
      }

      @Override
      public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
        reindex();
      }
    });
    informer = i;
    i.start().whenComplete((ignored, failure) -> {
      if (failure != null) {
        if (!closed) {
          LOG.warn("mirror ConfigMaps in namespace {}: initial list failed: {}", namespace, failure.toString());
        }
        return;
      }
      reindex();
    });
    LOG.info("watching mirror ConfigMaps labelled {}=true in namespace {}", MirrorConfigMap.LABEL, namespace);
  }

  /** Whether the namespace has been listed at least once. */
  public boolean synced() {
    return synced;
  }

  /**
   * Waits up to {@code timeout} for the first listing (revocation lists may live in mirror
   * ConfigMaps, so callers list them before the first refresh). Returns whether it completed.
   */
  public boolean awaitSynced(java.time.Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (!synced && System.nanoTime() < until) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return synced;
      }
    }
    if (!synced) {
      LOG.warn("mirror ConfigMaps in namespace {} not listed after {}s; continuing", namespace(), timeout.toSeconds());
    }
    return synced;
  }

  /** How many URLs the mirror answers (each also answers its {@code .bundle}). */
  public int size() {
    return byUrl.size();
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public FetchResult fetch(String url) {
    if (!synced) {
      return new FetchResult.Failed(url, "mirror ConfigMaps in namespace " + namespace + " are not loaded yet");
    }
    Map<String, ConfigMap> index = byUrl;
    ConfigMap document = index.get(url);
    if (document != null) {
      return bytes(document, MirrorConfigMap.DOCUMENT_KEY, url);
    }
    if (url.endsWith(ManifestRule.BUNDLE_SUFFIX)) {
      ConfigMap signed = index.get(url.substring(0, url.length() - ManifestRule.BUNDLE_SUFFIX.length()));
      if (signed != null) {
        return bytes(signed, MirrorConfigMap.BUNDLE_KEY, url);
      }
    }
    return new FetchResult.NotFound(url);
  }

  /** binaryData holds the exact bytes; data (text) is accepted for hand-made ConfigMaps. */
  private static FetchResult bytes(ConfigMap cm, String key, String url) {
    String name = cm.getMetadata().getName();
    Map<String, String> binary = cm.getBinaryData();
    if (binary != null && binary.get(key) != null) {
      try {
        return new FetchResult.Found(url, Base64.getDecoder().decode(binary.get(key)));
      } catch (IllegalArgumentException e) {
        return new FetchResult.Failed(url, "mirror ConfigMap " + name + " has invalid base64 in binaryData." + key);
      }
    }
    Map<String, String> data = cm.getData();
    if (data != null && data.get(key) != null) {
      return new FetchResult.Found(url, data.get(key).getBytes(StandardCharsets.UTF_8));
    }
    return new FetchResult.NotFound(url);
  }

  /** Rebuilds the URL index from the informer's store; mirror ConfigMaps number in the hundreds. */
  private synchronized void reindex() {
    SharedIndexInformer<ConfigMap> i = informer;
    if (i == null || !i.hasSynced()) {
      return;
    }
    Map<String, ConfigMap> index = new HashMap<>();
    Map<String, TreeSet<String>> duplicates = new HashMap<>();
    List<ConfigMap> all = i.getStore().list();
    for (ConfigMap cm : all) {
      Map<String, String> annotations = cm.getMetadata().getAnnotations();
      String url = annotations == null ? null : annotations.get(MirrorConfigMap.URL_ANNOTATION);
      if (url == null || url.isBlank()) {
        LOG.warn("mirror ConfigMap {}/{} has no {} annotation; ignored",
            namespace, cm.getMetadata().getName(), MirrorConfigMap.URL_ANNOTATION);
        continue;
      }
      ConfigMap other = index.get(url);
      if (other == null || preferred(cm, other, url)) {
        index.put(url, cm);
      }
      if (other != null) {
        TreeSet<String> names = duplicates.computeIfAbsent(url, u -> new TreeSet<>());
        names.add(other.getMetadata().getName());
        names.add(cm.getMetadata().getName());
      }
    }
    duplicates.forEach((url, names) -> LOG.warn(
        "mirror ConfigMaps {} all stand in for {}; using {}", names, url, index.get(url).getMetadata().getName()));
    byUrl = Map.copyOf(index);
    if (!synced) {
      LOG.info("mirror ConfigMaps in namespace {} loaded: {} URL(s)", namespace, index.size());
    }
    synced = true;
  }

  /** Deterministic choice among duplicates: the name import gives the URL, else the first name. */
  private static boolean preferred(ConfigMap candidate, ConfigMap current, String url) {
    String canonical = MirrorConfigMap.nameFor(url);
    String a = candidate.getMetadata().getName();
    String b = current.getMetadata().getName();
    if (a.equals(canonical) != b.equals(canonical)) {
      return a.equals(canonical);
    }
    return a.compareTo(b) < 0;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
  }
}
