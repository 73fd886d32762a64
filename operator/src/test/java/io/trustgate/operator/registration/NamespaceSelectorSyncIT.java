package io.trustgate.operator.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator keeps the workloads webhook's namespaceSelector to the configured selection. */
@EnableKubernetesMockClient(crud = true)
class NamespaceSelectorSyncIT {
  KubernetesClient client;

  private void register() {
    client.resource(new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName("trustgate").endMetadata()
        .addNewWebhook().withName("workloads.trustgate.io")
        .addNewRule().withApiGroups("").withApiVersions("v1").withResources("pods").withOperations("CREATE")
        .withScope("Namespaced").endRule()
        .withNamespaceSelector(new LabelSelectorBuilder().addNewMatchExpression()
            .withKey("kubernetes.io/metadata.name").withOperator("NotIn").withValues("kube-system", "trustgate-system")
            .endMatchExpression().build())
        .withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
        .addNewWebhook().withName("trustpolicies.trustgate.io")
        .addNewRule().withApiGroups("trustgate.io").withApiVersions("v1alpha1").withResources("trustpolicies")
        .withOperations("CREATE").withScope("Cluster").endRule()
        .withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
        .build()).create();
  }

  private ValidatingWebhookConfiguration current() {
    return client.admissionRegistration().v1().validatingWebhookConfigurations().withName("trustgate").get();
  }

  private static ValidatingWebhook webhook(ValidatingWebhookConfiguration vwc, String name) {
    return vwc.getWebhooks().stream().filter(w -> w.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void optOutIsWrittenIntoTheWorkloadsWebhookOnly() {
    register();
    NamespaceSelection optOut = NamespaceSelection.of("opt-out", null, List.of("kube-system"), "trustgate-system");

    assertThat(new NamespaceSelectorSync(client, "trustgate", optOut).sync()).isTrue();

    ValidatingWebhookConfiguration vwc = current();
    assertThat(webhook(vwc, "workloads.trustgate.io").getNamespaceSelector().getMatchExpressions()).containsExactly(
        new LabelSelectorRequirement("kubernetes.io/metadata.name", "NotIn", List.of("kube-system", "trustgate-system")),
        new LabelSelectorRequirement("trustgate.io/exempt", "NotIn", List.of("true")));
    assertThat(webhook(vwc, "trustpolicies.trustgate.io").getNamespaceSelector()).isNull();
  }

  @Test
  void aSelectorEditedByHandIsPutBackAndAnAgreeingOneIsNotWritten() {
    register();
    NamespaceSelection all = NamespaceSelection.of("all", null, List.of("kube-system"), "trustgate-system");
    NamespaceSelectorSync sync = new NamespaceSelectorSync(client, "trustgate", all);

    String before = current().getMetadata().getResourceVersion();
    assertThat(sync.sync()).isTrue();
    assertThat(current().getMetadata().getResourceVersion()).as("already in line: no write").isEqualTo(before);

    ValidatingWebhookConfiguration edited = current();
    webhook(edited, "workloads.trustgate.io").setNamespaceSelector(new LabelSelectorBuilder()
        .addToMatchLabels("team", "payments").build());
    client.resource(edited).update();

    sync.sync();
    assertThat(webhook(current(), "workloads.trustgate.io").getNamespaceSelector()).isEqualTo(all.selector());
  }

  @Test
  void aMissingConfigurationIsReportedNotCreated() {
    NamespaceSelection all = NamespaceSelection.of("all", null, List.of(), "trustgate-system");
    assertThat(new NamespaceSelectorSync(client, "trustgate", all).sync()).isFalse();
    assertThat(current()).isNull();
  }
}
