package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What docs/install.md#which-namespaces-are-enforced claims about default RBAC, against the real
 * API server: the namespace admin (the default ClusterRole {@code admin}, bound in the namespace)
 * can read its Namespace but cannot label it, so it cannot exempt it (opt-out) or un-enforce it
 * (opt-in); a Role in the namespace granting {@code patch} on {@code namespaces} can.
 */
@ExtendWith(E2eExtension.class)
class NamespaceLabelRbacE2eIT {
  static final String NS = "e2e-ns-owner";
  static final String EXEMPT = "trustgate.io/exempt";

  @Test
  void theNamespaceAdminCannotLabelItsOwnNamespaceUnlessARoleThereGrantsPatch(E2eCluster cluster) throws Exception {
    KubernetesClient admin = cluster.admin();
    cluster.namespace(NS);
    admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName("owner")
        .endMetadata().build()).forceConflicts().serverSideApply();
    admin.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder()
        .withNewMetadata().withName("owner-admin").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin")
        .addNewSubject().withKind("ServiceAccount").withName("owner").withNamespace(NS).endSubject()
        .build()).forceConflicts().serverSideApply();

    Path kubeconfig = cluster.controlPlane().serviceAccountKubeconfig(NS, "owner");
    try (KubernetesClient owner = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
      Eventually.await("the admin RoleBinding to take effect", Duration.ofSeconds(30), () -> {
        try {
          return owner.namespaces().withName(NS).get() != null;
        } catch (KubernetesClientException e) {
          return false;
        }
      });

      assertThatThrownBy(() -> owner.namespaces().withName(NS).edit(n -> exempt(n)))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> owner.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("e2e-ns-new")
          .addToLabels(EXEMPT, "true").endMetadata().build()).create())
          .as("nor create an exempt namespace")
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThat(admin.namespaces().withName(NS).get().getMetadata().getLabels()).doesNotContainKey(EXEMPT);

      // The trap the docs warn about: the Namespace object X counts as being in namespace X.
      admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("relabel").endMetadata()
          .addNewRule().withApiGroups("").withResources("namespaces").withVerbs("get", "patch").endRule()
          .build()).forceConflicts().serverSideApply();
      admin.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder()
          .withNewMetadata().withName("owner-relabel").endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "Role", "relabel")
          .addNewSubject().withKind("ServiceAccount").withName("owner").withNamespace(NS).endSubject()
          .build()).forceConflicts().serverSideApply();
      Eventually.await("a Role in the namespace to let its owner label it", Duration.ofSeconds(30), () -> {
        try {
          owner.namespaces().withName(NS).edit(n -> exempt(n));
          return true;
        } catch (KubernetesClientException e) {
          return false;
        }
      });
      assertThat(admin.namespaces().withName(NS).get().getMetadata().getLabels()).containsEntry(EXEMPT, "true");
    }
  }

  private static Namespace exempt(Namespace n) {
    return new NamespaceBuilder(n).editMetadata().addToLabels(EXEMPT, "true").endMetadata().build();
  }
}
