package io.trustgate.cli.audit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.revocation.FloorStatus;
import io.trustgate.core.revocation.RevocationFloor;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.sigstore.TrustRootException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The cluster's TrustPolicies as {@code trustgate audit} uses them: compiled as the webhook
 * compiles them (a policy that does not compile is reported and left out), their persisted
 * revocation floors, and their trust roots read once from the cluster's ConfigMaps.
 */
public final class ClusterPolicies {
  private final KubernetesClient client;
  private final List<CompiledPolicy> compiled = new ArrayList<>();
  private final List<RevocationFloor> floors = new ArrayList<>();

  private ClusterPolicies(KubernetesClient client) {
    this.client = client;
  }

  /** Reads and compiles every TrustPolicy; warnings and problems go to {@code err}. */
  public static ClusterPolicies read(KubernetesClient client, PrintWriter err) {
    ClusterPolicies out = new ClusterPolicies(client);
    for (TrustPolicy p : client.resources(TrustPolicy.class).list().getItems()) {
      String name = p.getMetadata().getName();
      PolicyCompilation c = PolicyCompiler.compile(name, p.getSpec());
      c.problems().forEach(problem -> err.println("warning: policy " + name + " does not compile and is left out"
          + " (the webhook denies the images it governs): " + problem));
      c.warnings().forEach(w -> err.println("warning: policy " + name + ": " + w));
      c.policy().ifPresent(out.compiled::add);
      if (p.getStatus() != null) {
        FloorStatus.fromStatus(p.getStatus().revocationFloor).ifPresent(out.floors::add);
      }
    }
    return out;
  }

  public List<CompiledPolicy> compiled() {
    return List.copyOf(compiled);
  }

  /** The floors persisted in the policies' status.revocationFloor. */
  public List<RevocationFloor> floors() {
    return List.copyOf(floors);
  }

  /**
   * Verifiers as the cluster configures them: a {@code configMapRef} root read from its ConfigMap
   * (empty, with a warning, when it cannot be read), {@code publicGood} from {@code publicGood}.
   */
  public VerifierProvider verifiers(Supplier<BundleVerifier> publicGood, PrintWriter err) {
    Map<TrustRootRef, Optional<BundleVerifier>> cache = new ConcurrentHashMap<>();
    return root -> cache.computeIfAbsent(root, r -> {
      if (r instanceof TrustRootRef.ConfigMap cm) {
        return fromConfigMap(cm, err);
      }
      return Optional.of(publicGood.get());
    });
  }

  private Optional<BundleVerifier> fromConfigMap(TrustRootRef.ConfigMap ref, PrintWriter err) {
    String where = "ConfigMap " + ref.namespace() + "/" + ref.name() + " key " + ref.key();
    try {
      ConfigMap cm = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
      byte[] json = cm == null ? null
          : cm.getData() != null && cm.getData().containsKey(ref.key())
              ? cm.getData().get(ref.key()).getBytes(StandardCharsets.UTF_8)
              : cm.getBinaryData() != null && cm.getBinaryData().containsKey(ref.key())
                  ? Base64.getDecoder().decode(cm.getBinaryData().get(ref.key())) : null;
      if (json == null) {
        err.println("warning: trust root " + where + " does not exist; its policies' images are undecided");
        return Optional.empty();
      }
      return Optional.of(new BundleVerifier(TrustRoot.fromJson(json, where)));
    } catch (KubernetesClientException e) {
      err.println("warning: cannot read trust root " + where + " (HTTP " + e.getCode() + "); pass --trusted-root FILE");
      return Optional.empty();
    } catch (TrustRootException | IllegalArgumentException e) {
      err.println("warning: trust root " + where + " is not usable: " + e.getMessage());
      return Optional.empty();
    }
  }
}
