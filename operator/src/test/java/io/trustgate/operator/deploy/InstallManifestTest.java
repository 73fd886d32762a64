package io.trustgate.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/install.yaml: every document typed strictly, and the invariants the install relies on. */
class InstallManifestTest {
  static final String NS = "trustgate-system";
  static List<HasMetadata> objects;

  @BeforeAll
  static void read() throws Exception {
    objects = Manifests.read(Manifests.INSTALL).stream().map(Manifests.Document::object).toList();
  }

  @Test
  void holdsExactlyTheExpectedObjects() {
    // Helm's install order (deploy/install.yaml is rendered from the chart): the order is not part of the contract.
    assertThat(objects).extracting(Manifests::describe).containsExactlyInAnyOrder(
        "Namespace/trustgate-system",
        "CustomResourceDefinition/trustpolicies.trustgate.io",
        "ServiceAccount/trustgate-webhook", "ServiceAccount/trustgate-operator",
        "ClusterRole/trustgate-webhook", "ClusterRoleBinding/trustgate-webhook",
        "Role/trustgate-webhook", "RoleBinding/trustgate-webhook",
        "ClusterRole/trustgate-operator", "ClusterRoleBinding/trustgate-operator",
        "Role/trustgate-operator", "RoleBinding/trustgate-operator",
        "Deployment/trustgate-operator", "Deployment/trustgate-webhook",
        "PodDisruptionBudget/trustgate-webhook", "Service/trustgate-webhook",
        "NetworkPolicy/trustgate-webhook", "NetworkPolicy/trustgate-operator",
        "ValidatingWebhookConfiguration/trustgate");
    Set<String> clusterScoped = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding",
        "ValidatingWebhookConfiguration");
    assertThat(objects).filteredOn(o -> !clusterScoped.contains(o.getKind()))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(Manifests.describe(o)).isEqualTo(NS));
  }

  @Test
  void crdIsTheGeneratedOne() throws Exception {
    CustomResourceDefinition generated = (CustomResourceDefinition) Manifests.read(Manifests.CRD).get(0).object();
    assertThat(one(CustomResourceDefinition.class, "trustpolicies.trustgate.io")).isEqualTo(generated);
  }

  @Test
  void workloadWebhookFailsClosedOnEveryPodCarryingKind() {
    ValidatingWebhook webhook = webhook("workloads.trustgate.io");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
    assertThat(webhook.getClientConfig().getCaBundle()).as("filled by the operator").isNull();
    assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("trustgate-webhook");
    assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(NS);
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/validate");
    assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
    assertThat(webhook.getNamespaceSelector().getMatchExpressions()).containsExactly(
        new LabelSelectorRequirement("kubernetes.io/metadata.name", "NotIn", List.of("kube-system", NS)));
    assertThat(webhook.getRules()).allSatisfy(r -> assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE"));
    assertThat(resources(webhook.getRules())).isEqualTo(Map.of(
        "/v1", Set.of("pods", "pods/ephemeralcontainers", "replicationcontrollers"),
        "apps/v1", Set.of("deployments", "statefulsets", "daemonsets", "replicasets"),
        "batch/v1", Set.of("jobs", "cronjobs")));
  }

  @Test
  void trustPolicyWebhookValidatesPoliciesAtApply() {
    ValidatingWebhook webhook = webhook("trustpolicies.trustgate.io");
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/validate-trustpolicy");
    assertThat(webhook.getClientConfig().getCaBundle()).isNull();
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(resources(webhook.getRules())).isEqualTo(Map.of("trustgate.io/v1alpha1", Set.of("trustpolicies")));
    assertThat(webhook.getRules().get(0).getOperations()).containsExactly("CREATE", "UPDATE");
  }

  @Test
  void webhookDeploymentIsHighlyAvailableProbedAndLockedDown() {
    Deployment deployment = one(Deployment.class, "trustgate-webhook");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("trustgate-webhook");
    assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement().satisfies(t -> {
          assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
          assertThat(t.getPodAffinityTerm().getLabelSelector().getMatchLabels())
              .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/trustgate/trustgate-webhook:0.1.0");
    assertThat(c.getArgs()).containsExactly(
        "--tls-cert", "/etc/trustgate/tls/tls.crt", "--tls-key", "/etc/trustgate/tls/tls.key", "--port", "8443");
    assertHttpsProbe(c.getReadinessProbe(), "/readyz");
    assertHttpsProbe(c.getLivenessProbe(), "/healthz");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertLockedDown(pod, c);
    assertThat(c.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/etc/trustgate/tls");
      assertThat(m.getReadOnly()).isTrue();
      assertThat(pod.getVolumes()).anySatisfy(v -> {
        assertThat(v.getName()).isEqualTo(m.getName());
        assertThat(v.getSecret().getSecretName()).isEqualTo("trustgate-webhook-tls");
        assertThat(v.getSecret().getDefaultMode()).as("0440: the key is not world-readable").isEqualTo(0440);
      });
    });
    assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void operatorDeploymentRunsOneToTwoLockedDownReplicas() {
    Deployment deployment = one(Deployment.class, "trustgate-operator");
    assertThat(deployment.getSpec().getReplicas()).isBetween(1, 2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("trustgate-operator");
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/trustgate/trustgate-operator:0.1.0");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertLockedDown(pod, c);
  }

  @Test
  void serviceAndDisruptionBudgetSelectTheWebhookPods() {
    Deployment webhook = one(Deployment.class, "trustgate-webhook");
    Map<String, String> podLabels = webhook.getSpec().getTemplate().getMetadata().getLabels();
    Service service = one(Service.class, "trustgate-webhook");
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(443);
      Container c = webhook.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getPorts()).anySatisfy(cp -> {
        assertThat(cp.getContainerPort()).isEqualTo(8443);
        assertThat(new IntOrString(cp.getName())).isEqualTo(p.getTargetPort());
      });
    });
    PodDisruptionBudget pdb = one(PodDisruptionBudget.class, "trustgate-webhook");
    assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(webhook.getSpec().getSelector().getMatchLabels()).isEqualTo(pdb.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void networkPoliciesAdmitOnlyTheWebhookPortAndNothingToTheOperator() {
    NetworkPolicy webhook = one(NetworkPolicy.class, "trustgate-webhook");
    assertThat(webhook.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "trustgate-webhook");
    assertThat(webhook.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(webhook.getSpec().getIngress()).singleElement().satisfies(rule -> {
      assertThat(rule.getPorts()).singleElement().satisfies(p -> {
        assertThat(p.getPort().getIntVal()).isEqualTo(8443);
        assertThat(p.getProtocol()).isEqualTo("TCP");
      });
    });
    Container container = one(Deployment.class, "trustgate-webhook").getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
        .as("every port the webhook serves is one the NetworkPolicy names").containsExactly(8443);

    NetworkPolicy operator = one(NetworkPolicy.class, "trustgate-operator");
    assertThat(operator.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "trustgate-operator");
    assertThat(operator.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(operator.getSpec().getIngress()).as("no ingress to the operator").isEmpty();
  }

  @Test
  void webhookRbacGrantsOnlyWhatItReads() {
    assertThat(verbs(one(ClusterRole.class, "trustgate-webhook").getRules())).isEqualTo(Map.of(
        "trustgate.io/trustpolicies", Set.of("list", "watch")));
    assertThat(verbs(one(Role.class, "trustgate-webhook").getRules())).isEqualTo(Map.of(
        "/configmaps", Set.of("list", "watch")));
    assertBound("trustgate-webhook");
  }

  private static final Set<String> REPORT_VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

  @Test
  void operatorRbacGrantsOnlyWhatItUses() {
    assertThat(verbs(one(ClusterRole.class, "trustgate-operator").getRules())).isEqualTo(Map.of(
        "trustgate.io/trustpolicies", Set.of("get", "list", "watch"),
        "trustgate.io/trustpolicies/status", Set.of("get", "update", "patch"),
        "/events", Set.of("create"),
        "/pods", Set.of("list"),
        "admissionregistration.k8s.io/validatingwebhookconfigurations[trustgate]", Set.of("get", "update"),
        "wgpolicyk8s.io/policyreports", REPORT_VERBS,
        "wgpolicyk8s.io/clusterpolicyreports", REPORT_VERBS,
        "apiextensions.k8s.io/customresourcedefinitions[policyreports.wgpolicyk8s.io]", Set.of("get")));
    assertThat(verbs(one(Role.class, "trustgate-operator").getRules())).isEqualTo(Map.of(
        "/secrets[trustgate-webhook-tls]", Set.of("get", "update"),
        "/secrets", Set.of("create"),
        "coordination.k8s.io/leases[trustgate-operator]", Set.of("get", "update", "patch"),
        "coordination.k8s.io/leases", Set.of("create"),
        "/configmaps", Set.of("get", "list", "watch")));
    assertBound("trustgate-operator");
  }

  // --- helpers

  static void assertHttpsProbe(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString(8443));
    assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
  }

  static void assertLockedDown(PodSpec pod, Container c) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    SecurityContext sc = c.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  static void assertBound(String name) {
    ClusterRoleBinding crb = one(ClusterRoleBinding.class, name);
    RoleBinding rb = one(RoleBinding.class, name);
    assertThat(crb.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(crb.getRoleRef().getName()).isEqualTo(name);
    assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(rb.getRoleRef().getName()).isEqualTo(name);
    for (var subjects : List.of(crb.getSubjects(), rb.getSubjects())) {
      assertThat(subjects).singleElement().satisfies(s -> {
        assertThat(s.getKind()).isEqualTo("ServiceAccount");
        assertThat(s.getName()).isEqualTo(name);
        assertThat(s.getNamespace()).isEqualTo(NS);
      });
    }
  }

  /** "group/resource[names]" → verbs; a resource granted twice the same way is an error. */
  static Map<String, Set<String>> verbs(List<PolicyRule> rules) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (PolicyRule rule : rules) {
      String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? ""
          : rule.getResourceNames().stream().sorted().collect(Collectors.joining(",", "[", "]"));
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          Set<String> previous = out.put(group + "/" + resource + names, Set.copyOf(rule.getVerbs()));
          assertThat(previous).as("granted twice: " + group + "/" + resource + names).isNull();
        }
      }
      assertThat(rule.getVerbs()).doesNotContain("*");
    }
    return out;
  }

  static Map<String, Set<String>> resources(List<RuleWithOperations> rules) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (RuleWithOperations rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String version : rule.getApiVersions()) {
          out.computeIfAbsent(group + "/" + version, k -> new java.util.HashSet<>()).addAll(rule.getResources());
        }
      }
    }
    return out;
  }

  static ValidatingWebhook webhook(String name) {
    return one(ValidatingWebhookConfiguration.class, "trustgate").getWebhooks().stream()
        .filter(w -> w.getName().equals(name)).findFirst().orElseThrow();
  }

  static <T extends HasMetadata> T one(Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }
}
