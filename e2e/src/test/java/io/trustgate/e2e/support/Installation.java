package io.trustgate.e2e.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl apply -f deploy/install.yaml} minus the two Deployments: there is no kubelet,
 * so the operator and the webhook run as local processes in their place (docs/install.md,
 * "Local mode"), with the ServiceAccounts, RBAC and webhook registration of the file.
 */
public final class Installation {
  /** Kinds of install.yaml applied as they are; the Deployments are stood in for by processes. */
  static final Set<String> APPLIED = Set.of("Namespace", "CustomResourceDefinition", "ServiceAccount",
      "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "PodDisruptionBudget",
      "ValidatingWebhookConfiguration");

  private Installation() {}

  public static List<HasMetadata> apply(KubernetesClient admin, Path installYaml) throws IOException {
    List<HasMetadata> items;
    try (InputStream in = Files.newInputStream(installYaml)) {
      items = admin.load(in).items();
    }
    List<HasMetadata> applied = items.stream().filter(i -> APPLIED.contains(i.getKind())).toList();
    for (HasMetadata item : applied) {
      admin.resource(item).forceConflicts().serverSideApply();
    }
    for (HasMetadata item : applied) {
      if (item instanceof CustomResourceDefinition crd) {
        awaitEstablished(admin, crd.getMetadata().getName());
      }
    }
    return applied;
  }

  /**
   * Waits until the API server serves a CRD: its {@code Established} condition is true. A CRD
   * just applied has no status, and then a status without conditions, before that.
   */
  public static void awaitEstablished(KubernetesClient admin, String name) {
    admin.apiextensions().v1().customResourceDefinitions().withName(name)
        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
                .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())),
            Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
  }
}
