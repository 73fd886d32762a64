package io.trustgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.trustgate.operator.registration.NamespaceSelection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart rendered with several value sets, asserted on the objects. */
class ChartValuesTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  static Stream<Map<String, Object>> valueSets() {
    return Stream.of(
        Map.of(),
        Chart.values("tls.mode", "cert-manager"),
        Chart.values("namespaceSelection.mode", "opt-out", "webhook.podAntiAffinity", "required",
            "networkPolicy.enabled", false, "serviceMonitor.enabled", true),
        Chart.values("namespaceSelection.mode", "opt-in", "policyReports.enabled", true,
            "policyReports.installCRDs", true, "webhook.heapMiB", 512, "webhook.replicas", 3,
            "webhook.priorityClassName", "system-cluster-critical"));
  }

  // ---- what every value set keeps

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyValueSetKeepsThePodsLockedDown(Map<String, Object> values) {
    Chart.Rendered r = Chart.render(values);
    Namespace ns = r.one(Namespace.class, Chart.NAMESPACE);
    assertThat(ns.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    for (String name : List.of("trustgate-webhook", "trustgate-operator")) {
      PodSpec pod = r.one(Deployment.class, name).getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getHostNetwork()).isNull();
      for (Container c : pod.getContainers()) {
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
        assertThat(c.getCommand()).as("%s: the image entrypoint owns the JVM flags", name).isNullOrEmpty();
        assertThat(env(c)).as(name).doesNotContainKeys("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
      }
    }
    assertThat(r.one(PodDisruptionBudget.class, "trustgate-webhook").getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void theRenderedSelectorIsTheOneTheOperatorKeeps(Map<String, Object> values) {
    Chart.Rendered r = Chart.render(values);
    ValidatingWebhook workloads = webhook(r, "workloads.trustgate.io");
    Map<String, String> env = env(r.one(Deployment.class, "trustgate-operator").getSpec().getTemplate().getSpec()
        .getContainers().get(0));
    if ("external".equals(env.get("TRUSTGATE_WEBHOOK_TLS"))) {
      assertThat(env).doesNotContainKeys("TRUSTGATE_NAMESPACE_SELECTION", "TRUSTGATE_NAMESPACE_LABEL");
      return;
    }
    NamespaceSelection selection = NamespaceSelection.of(env.get("TRUSTGATE_NAMESPACE_SELECTION"),
        env.get("TRUSTGATE_NAMESPACE_LABEL"), List.of(env.get("TRUSTGATE_EXCLUDED_NAMESPACES").split(",")), Chart.NAMESPACE);
    assertThat(workloads.getNamespaceSelector()).isEqualTo(selection.selector());
  }

  // ---- defaults

  @Test
  void defaultsExcludeTheSystemNamespacesAndLetTheOperatorOwnTls() {
    Chart.Rendered r = Chart.render(Map.of());
    assertThat(webhook(r, "workloads.trustgate.io").getNamespaceSelector().getMatchExpressions()).containsExactly(
        new LabelSelectorRequirement("kubernetes.io/metadata.name", "NotIn", List.of("kube-system", Chart.NAMESPACE)));
    assertThat(r.one(ValidatingWebhookConfiguration.class, "trustgate").getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(r.names()).noneMatch(n -> n.startsWith("Certificate/") || n.startsWith("Issuer/")
        || n.startsWith("ServiceMonitor/") || n.contains("wgpolicyk8s.io"));
    // PolicyReports when their CRD is installed (auto), with the RBAC for that, but no CRDs.
    assertThat(env(container(r, "trustgate-operator"))).containsEntry("TRUSTGATE_POLICY_REPORTS", "auto");
    assertThat(env(container(r, "trustgate-operator"))).containsEntry("TRUSTGATE_WEBHOOK_TLS", "operator")
        .containsEntry("TRUSTGATE_NAMESPACE_SELECTION", "all")
        .containsEntry("TRUSTGATE_EXCLUDED_NAMESPACES", "kube-system," + Chart.NAMESPACE)
        .doesNotContainKey("TRUSTGATE_NAMESPACE_LABEL");
    assertThat(rules(r.one(ClusterRole.class, "trustgate-operator").getRules()))
        .contains("wgpolicyk8s.io", "apiextensions.k8s.io");
    assertThat(container(r, "trustgate-webhook").getImage()).isEqualTo("ghcr.io/trustgate/trustgate-webhook:0.1.0");
    assertThat(env(container(r, "trustgate-webhook"))).containsEntry("TRUSTGATE_LOG_FORMAT", "JSON")
        .containsEntry("TRUSTGATE_WEBHOOK_TIMEOUT", "10s");
  }

  // ---- images

  @Test
  void aDigestWinsOverTheTag() {
    Chart.Rendered r = Chart.render(Chart.values("webhook.image.tag", "0.2.0", "webhook.image.digest", DIGEST,
        "operator.image.repository", "registry.internal/trustgate-operator", "operator.image.tag", "0.2.0"));
    assertThat(container(r, "trustgate-webhook").getImage()).isEqualTo("ghcr.io/trustgate/trustgate-webhook@" + DIGEST);
    assertThat(container(r, "trustgate-operator").getImage()).isEqualTo("registry.internal/trustgate-operator:0.2.0");
  }

  // ---- sizing and scheduling

  @Test
  void replicasResourcesHeapAndPriority() {
    Chart.Rendered r = Chart.render(Chart.values("webhook.replicas", 4, "webhook.heapMiB", 1024,
        "webhook.resources.requests.cpu", "500m", "operator.replicas", 1, "operator.priorityClassName", "tg-critical",
        "webhook.podDisruptionBudget.minAvailable", 2));
    Deployment webhook = r.one(Deployment.class, "trustgate-webhook");
    assertThat(webhook.getSpec().getReplicas()).isEqualTo(4);
    Container c = container(r, "trustgate-webhook");
    assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("2048Mi"))
        .containsEntry("cpu", new Quantity("2"));
    assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(r.one(Deployment.class, "trustgate-operator").getSpec().getReplicas()).isEqualTo(1);
    assertThat(r.one(Deployment.class, "trustgate-operator").getSpec().getTemplate().getSpec().getPriorityClassName())
        .isEqualTo("tg-critical");
    assertThat(webhook.getSpec().getTemplate().getSpec().getPriorityClassName()).isNull();
    assertThat(r.one(PodDisruptionBudget.class, "trustgate-webhook").getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
  }

  @Test
  void antiAffinityRequiredOrNoneAndTopologySpread() {
    Chart.Rendered r = Chart.render(Chart.values("webhook.podAntiAffinity", "required", "operator.podAntiAffinity", "none",
        "webhook.topologySpreadConstraints[0].maxSkew", 1,
        "webhook.topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone",
        "webhook.topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway"));
    PodSpec webhook = r.one(Deployment.class, "trustgate-webhook").getSpec().getTemplate().getSpec();
    assertThat(webhook.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
    assertThat(webhook.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement().satisfies(t -> {
          assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
          assertThat(t.getLabelSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "trustgate-webhook");
        });
    assertThat(webhook.getTopologySpreadConstraints()).singleElement().satisfies(t -> {
      assertThat(t.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
      assertThat(t.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
      assertThat(t.getLabelSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "trustgate-webhook");
    });
    assertThat(r.one(Deployment.class, "trustgate-operator").getSpec().getTemplate().getSpec().getAffinity()).isNull();
  }

  // ---- webhooks

  @Test
  void failurePolicyAndTimeoutOfEachWebhook() {
    Chart.Rendered r = Chart.render(Chart.values("webhooks.workloads.failurePolicy", "Ignore",
        "webhooks.workloads.timeoutSeconds", 20, "webhooks.trustpolicies.failurePolicy", "Fail",
        "webhooks.trustpolicies.timeoutSeconds", 5));
    assertThat(webhook(r, "workloads.trustgate.io").getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook(r, "workloads.trustgate.io").getTimeoutSeconds()).isEqualTo(20);
    assertThat(webhook(r, "trustpolicies.trustgate.io").getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook(r, "trustpolicies.trustgate.io").getTimeoutSeconds()).isEqualTo(5);
    assertThat(env(container(r, "trustgate-webhook"))).as("the deadline follows the shorter timeout")
        .containsEntry("TRUSTGATE_WEBHOOK_TIMEOUT", "5s");
  }

  // ---- namespace selection

  @Test
  void optInWithACustomLabelAndExtraExclusions() {
    Chart.Rendered r = Chart.render(Chart.values("namespaceSelection.mode", "opt-in",
        "namespaceSelection.label", "example.com/admission", "namespaceSelection.excludedNamespaces[0]", "kube-system",
        "namespaceSelection.excludedNamespaces[1]", "monitoring"));
    assertThat(webhook(r, "workloads.trustgate.io").getNamespaceSelector().getMatchExpressions()).containsExactly(
        new LabelSelectorRequirement("kubernetes.io/metadata.name", "NotIn", List.of("kube-system", "monitoring", Chart.NAMESPACE)),
        new LabelSelectorRequirement("example.com/admission", "In", List.of("true")));
    assertThat(webhook(r, "trustpolicies.trustgate.io").getNamespaceSelector()).isNull();
    assertThat(env(container(r, "trustgate-operator"))).containsEntry("TRUSTGATE_NAMESPACE_SELECTION", "opt-in")
        .containsEntry("TRUSTGATE_NAMESPACE_LABEL", "example.com/admission")
        .containsEntry("TRUSTGATE_EXCLUDED_NAMESPACES", "kube-system,monitoring," + Chart.NAMESPACE);
  }

  @Test
  void optOutDefaultsToTheTrustgateExemptLabel() {
    Chart.Rendered r = Chart.render(Chart.values("namespaceSelection.mode", "opt-out"));
    assertThat(webhook(r, "workloads.trustgate.io").getNamespaceSelector().getMatchExpressions()).contains(
        new LabelSelectorRequirement("trustgate.io/exempt", "NotIn", List.of("true")));
  }

  @Test
  void anotherReleaseNamespaceIsExcludedAndUsedEverywhere() {
    Chart.Rendered r = Chart.Rendered.of(Chart.template("security", Map.of()));
    assertThat(webhook(r, "workloads.trustgate.io").getNamespaceSelector().getMatchExpressions().get(0).getValues())
        .containsExactly("kube-system", "security");
    assertThat(webhook(r, "workloads.trustgate.io").getClientConfig().getService().getNamespace()).isEqualTo("security");
    assertThat(r.objects()).filteredOn(o -> o.getMetadata().getNamespace() != null)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("security"));
    assertThat(r.one(Namespace.class, "security")).isNotNull();
  }

  @Test
  void theNamespaceObjectIsOptional() {
    assertThat(Chart.render(Chart.values("namespace.create", false)).names()).noneMatch(n -> n.startsWith("Namespace/"));
  }

  // ---- TLS by cert-manager

  @Test
  void certManagerIssuesTheCertificateAndTheOperatorKeepsOut() {
    Chart.Rendered r = Chart.render(Chart.values("tls.mode", "cert-manager"));
    assertThat(r.names()).contains("Issuer/trustgate-selfsigned", "Certificate/trustgate-webhook-ca",
        "Issuer/trustgate-webhook-ca", "Certificate/trustgate-webhook");
    JsonNode cert = r.tree("Certificate", "trustgate-webhook");
    assertThat(cert.at("/spec/secretName").asText()).as("the Secret the webhook Pods mount").isEqualTo("trustgate-webhook-tls");
    assertThat(cert.at("/spec/dnsNames").toString()).contains("trustgate-webhook." + Chart.NAMESPACE + ".svc");
    assertThat(cert.at("/spec/issuerRef/name").asText()).isEqualTo("trustgate-webhook-ca");
    assertThat(r.tree("Certificate", "trustgate-webhook-ca").at("/spec/isCA").asBoolean()).isTrue();
    assertThat(r.one(ValidatingWebhookConfiguration.class, "trustgate").getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", Chart.NAMESPACE + "/trustgate-webhook");
    assertThat(env(container(r, "trustgate-operator"))).containsEntry("TRUSTGATE_WEBHOOK_TLS", "external");
    assertThat(rules(r.one(ClusterRole.class, "trustgate-operator").getRules()))
        .doesNotContain("validatingwebhookconfigurations");
    assertThat(rules(r.one(Role.class, "trustgate-operator").getRules())).doesNotContain("secrets");
    assertThat(r.one(Deployment.class, "trustgate-webhook").getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("trustgate-webhook-tls"));
  }

  @Test
  void certManagerWithAnExistingIssuerCreatesNoCa() {
    Chart.Rendered r = Chart.render(Chart.values("tls.mode", "cert-manager",
        "tls.certManager.issuerRef.name", "corp-ca", "tls.certManager.issuerRef.kind", "ClusterIssuer"));
    assertThat(r.names()).filteredOn(n -> n.startsWith("Issuer/") || n.startsWith("Certificate/"))
        .containsExactly("Certificate/trustgate-webhook");
    assertThat(r.tree("Certificate", "trustgate-webhook").at("/spec/issuerRef/kind").asText()).isEqualTo("ClusterIssuer");
    assertThat(r.tree("Certificate", "trustgate-webhook").at("/spec/issuerRef/name").asText()).isEqualTo("corp-ca");
  }

  // ---- optional objects

  @Test
  void networkPolicyServiceMonitorAndLogFormat() {
    Chart.Rendered off = Chart.render(Chart.values("networkPolicy.enabled", false));
    assertThat(off.objects()).noneMatch(NetworkPolicy.class::isInstance);
    assertThat(Chart.render(Map.of()).objects()).filteredOn(NetworkPolicy.class::isInstance).hasSize(2);

    Chart.Rendered r = Chart.render(Chart.values("serviceMonitor.enabled", true, "serviceMonitor.labels.release", "prom",
        "logFormat", "text"));
    JsonNode sm = r.tree("ServiceMonitor", "trustgate-webhook");
    assertThat(sm.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("prom");
    assertThat(sm.at("/spec/endpoints/0/port").asText()).isEqualTo("https");
    assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(sm.at("/spec/endpoints/0/tlsConfig/ca/secret/key").asText()).isEqualTo("ca.crt");
    assertThat(env(container(r, "trustgate-webhook"))).containsEntry("TRUSTGATE_LOG_FORMAT", "TEXT");
  }

  @Test
  void allowedAdmissionsAreLoggedOnlyWhenAskedFor() {
    assertThat(env(container(Chart.render(Map.of()), "trustgate-webhook"))).doesNotContainKey("TRUSTGATE_LOG_ALLOWED");
    assertThat(env(container(Chart.render(Chart.values("logAllowed", true)), "trustgate-webhook")))
        .containsEntry("TRUSTGATE_LOG_ALLOWED", "true");
  }

  @Test
  void policyReportsGrantTheOperatorItsRbacAndOptionallyInstallTheCrds() {
    Chart.Rendered rbacOnly = Chart.render(Chart.values("policyReports.enabled", true));
    List<PolicyRule> rules = rbacOnly.one(ClusterRole.class, "trustgate-operator").getRules();
    assertThat(rules).anySatisfy(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("wgpolicyk8s.io");
      assertThat(rule.getResources()).containsExactlyInAnyOrder("policyreports", "clusterpolicyreports");
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch", "create", "update", "patch", "delete");
    });
    assertThat(rules).anySatisfy(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("apiextensions.k8s.io");
      assertThat(rule.getResources()).containsExactly("customresourcedefinitions");
      assertThat(rule.getResourceNames()).containsExactly("policyreports.wgpolicyk8s.io");
      assertThat(rule.getVerbs()).containsExactly("get");
    });
    assertThat(env(container(rbacOnly, "trustgate-operator"))).containsEntry("TRUSTGATE_POLICY_REPORTS", "auto");

    Chart.Rendered off = Chart.render(Chart.values("policyReports.enabled", false));
    assertThat(off.one(ClusterRole.class, "trustgate-operator").getRules())
        .noneMatch(rule -> rule.getApiGroups().contains("wgpolicyk8s.io"));
    assertThat(env(container(off, "trustgate-operator"))).containsEntry("TRUSTGATE_POLICY_REPORTS", "off");
    assertThat(rbacOnly.names()).noneMatch(n -> n.contains("wgpolicyk8s.io"));

    Chart.Rendered withCrds = Chart.render(Chart.values("policyReports.enabled", true, "policyReports.installCRDs", true));
    assertThat(withCrds.names()).contains("CustomResourceDefinition/policyreports.wgpolicyk8s.io",
        "CustomResourceDefinition/clusterpolicyreports.wgpolicyk8s.io");
    JsonNode crd = withCrds.tree("CustomResourceDefinition", "policyreports.wgpolicyk8s.io");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha2");
    assertThat(withCrds.tree("CustomResourceDefinition", "clusterpolicyreports.wgpolicyk8s.io").at("/spec/scope").asText())
        .isEqualTo("Cluster");
  }

  // ---- helpers

  static ValidatingWebhook webhook(Chart.Rendered r, String name) {
    return r.one(ValidatingWebhookConfiguration.class, "trustgate").getWebhooks().stream()
        .filter(w -> w.getName().equals(name)).findFirst().orElseThrow();
  }

  static Container container(Chart.Rendered r, String deployment) {
    return r.one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static Map<String, String> env(Container c) {
    return Optional.ofNullable(c.getEnv()).orElse(List.of()).stream().filter(e -> e.getValue() != null)
        .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  /** Every apiGroup, resource and verb named by the rules, flattened. */
  static List<String> rules(List<PolicyRule> rules) {
    return rules.stream().flatMap(r -> Stream.of(r.getApiGroups(), r.getResources(), r.getVerbs()))
        .flatMap(l -> l == null ? Stream.empty() : l.stream()).toList();
  }

}
