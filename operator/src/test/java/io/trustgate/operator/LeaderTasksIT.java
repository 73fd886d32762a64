package io.trustgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.operator.registration.NamespaceSelection;
import io.trustgate.operator.tls.WebhookTlsSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The leader's tasks, as OperatorMain wires them, manage the webhook's TLS for real. */
@EnableKubernetesMockClient(crud = true)
class LeaderTasksIT {
  KubernetesClient client;

  @Test
  void theLeaderTaskCreatesTheServingSecretAndFillsTheCaBundle() {
    client.resource(new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName("trustgate").endMetadata()
        .addNewWebhook().withName("workloads.trustgate.io")
        .withNewClientConfig().withNewService().withNamespace("trustgate-system").withName("trustgate-webhook")
        .withPath("/validate").withPort(443).endService().endClientConfig()
        .withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
        .build()).create();
    WebhookTlsSettings tls = new WebhookTlsSettings("trustgate-system", "trustgate-webhook-tls", "trustgate-webhook",
        "trustgate", Optional.empty(), Optional.empty(), Duration.ofDays(90), Duration.ofDays(30));

    List<LeaderTask> tasks = OperatorMain.leaderTasks(client, tls, Clock.systemUTC());
    assertThat(tasks).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("webhook certificates"));
    tasks.get(0).reconcile();

    Secret secret = client.secrets().inNamespace("trustgate-system").withName("trustgate-webhook-tls").get();
    assertThat(secret).isNotNull();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt");
    assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("trustgate").get()
        .getWebhooks().get(0).getClientConfig().getCaBundle()).isNotBlank();
    assertThat(tasks.get(0).nextCheck()).isPositive();
  }

  @Test
  void externalTlsRunsNoCertificateTaskAndASelectionRunsTheSelectorTask() {
    WebhookTlsSettings tls = new WebhookTlsSettings("trustgate-system", "trustgate-webhook-tls", "trustgate-webhook",
        "trustgate", Optional.empty(), Optional.empty(), Duration.ofDays(90), Duration.ofDays(30));
    OperatorSettings external = new OperatorSettings(Optional.empty(), "trustgate-system", true, "trustgate-operator",
        Optional.empty(), false, "trustgate-system", true, true, tls, false, Optional.empty());
    assertThat(OperatorMain.leaderTasks(client, external, Clock.systemUTC())).isEmpty();

    OperatorSettings selecting = new OperatorSettings(Optional.empty(), "trustgate-system", true, "trustgate-operator",
        Optional.empty(), false, "trustgate-system", true, true, tls, true,
        Optional.of(NamespaceSelection.of("opt-out", null, List.of("kube-system"), "trustgate-system")));
    assertThat(OperatorMain.leaderTasks(client, selecting, Clock.systemUTC())).extracting(LeaderTask::name)
        .containsExactly("webhook certificates", "webhook namespace selection");
    assertThat(client.secrets().inNamespace("trustgate-system").list().getItems()).as("nothing ran yet").isEmpty();
  }
}
