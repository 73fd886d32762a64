package io.trustgate.kube.trust;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.TrustRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's verifiers, one per trust root:
 *
 * <ul>
 *   <li>with {@code --trusted-root FILE}, that root verifies for every policy;
 *   <li>otherwise {@code publicGood} uses the Sigstore public-good root, obtained through TUF in
 *       the background on first demand and retried until it succeeds;
 *   <li>and {@code configMapRef} reads {@code trusted_root.json} from the named ConfigMap,
 *       following its changes.
 * </ul>
 *
 * A root that is not (yet) available yields no verifier: the decision engine then denies
 * what the policy governs ({@code UNTRUSTED_ROOT}), and {@link #problem} says why. Listeners
 * hear whenever a root's verifier appears or changes, so revocation lists can be re-verified.
 */
public final class TrustRoots implements VerifierProvider, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrustRoots.class);

  private final Optional<BundleVerifier> override;
  private final PublicGoodVerifier publicGood;
  private final ConfigMapTrustRoots configMaps;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private TrustRoots(
      BundleVerifier override,
      Supplier<BundleVerifier> publicGoodFactory,
      KubernetesClient client,
      ScheduledExecutorService executor,
      Duration firstRetry) {
    this.override = Optional.ofNullable(override);
    this.publicGood = override == null
        ? new PublicGoodVerifier(publicGoodFactory, executor, firstRetry, this::changed)
        : null;
    this.configMaps = override == null && client != null ? new ConfigMapTrustRoots(client, this::changed) : null;
  }

  /** One root for every policy ({@code --trusted-root}); nothing is fetched or watched. */
  public static TrustRoots override(BundleVerifier verifier) {
    return new TrustRoots(Objects.requireNonNull(verifier, "verifier"), null, null, null, null);
  }

  /**
   * {@code --trusted-root FILE}, read and checked now.
   *
   * @throws io.trustgate.core.sigstore.TrustRootException if the file is not a usable root
   */
  public static TrustRoots override(Path trustedRootJson) {
    return override(new BundleVerifier(TrustRoot.fromFile(trustedRootJson)));
  }

  /**
   * Public-good through TUF, ConfigMap roots through {@code client}.
   *
   * @param client null when running without a cluster (local policies): ConfigMap roots are then
   *     never available
   * @param executor runs the public-good fetch and its retries
   */
  public static TrustRoots of(KubernetesClient client, ScheduledExecutorService executor) {
    return of(client, executor, () -> new BundleVerifier(TrustRoot.publicGood()), PublicGoodVerifier.FIRST_RETRY);
  }

  /** As {@link #of(KubernetesClient, ScheduledExecutorService)} with the public-good root built by {@code publicGood}. */
  static TrustRoots of(
      KubernetesClient client, ScheduledExecutorService executor, Supplier<BundleVerifier> publicGood, Duration firstRetry) {
    return new TrustRoots(null, Objects.requireNonNull(publicGood), client, Objects.requireNonNull(executor), firstRetry);
  }

  @Override
  public Optional<BundleVerifier> verifierFor(TrustRootRef root) {
    if (override.isPresent()) {
      return override;
    }
    if (root instanceof TrustRootRef.ConfigMap cm) {
      return configMaps == null ? Optional.empty() : configMaps.get(cm);
    }
    return publicGood.get();
  }

  /** Why {@link #verifierFor} is empty for this root; empty when a verifier is available. */
  public Optional<String> problem(TrustRootRef root) {
    if (override.isPresent()) {
      return Optional.empty();
    }
    if (root instanceof TrustRootRef.ConfigMap cm) {
      return configMaps == null
          ? Optional.of("trust root " + cm + " needs a cluster; without one pass --trusted-root FILE")
          : configMaps.problem(cm);
    }
    publicGood.get();
    return publicGood.problem();
  }

  /** Called (on a background thread) whenever a root's verifier appears or changes. */
  public void addListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void changed() {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.error("trust root change listener failed", e);
      }
    }
  }

  @Override
  public void close() {
    if (publicGood != null) {
      publicGood.close();
    }
    if (configMaps != null) {
      configMaps.close();
    }
  }
}
