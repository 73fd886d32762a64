package io.trustgate.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad values fail at template (and so at install) with a message naming the value. */
class ChartSchemaTest {
  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(Chart.values("webhooks.workloads.failurePolicy", "Deny"), "failurePolicy"),
        Arguments.of(Chart.values("webhooks.workloads.timeoutSeconds", 60), "timeoutSeconds"),
        Arguments.of(Chart.values("webhooks.trustpolicies.timeoutSeconds", 0), "timeoutSeconds"),
        Arguments.of(Chart.values("webhook.image.digest", "sha256:abc"), "digest"),
        Arguments.of(Chart.values("operator.image.digest", "latest"), "digest"),
        Arguments.of(Chart.values("webhook.replicas", 0), "replicas"),
        Arguments.of(Chart.values("namespaceSelection.mode", "some"), "mode"),
        Arguments.of(Chart.values("namespaceSelection.mode", "opt-in", "namespaceSelection.label", "not a label"), "label"),
        Arguments.of(Chart.values("namespaceSelection.excludedNamespaces[0]", "Kube_System"), "excludedNamespaces"),
        Arguments.of(Chart.values("tls.mode", "self-signed"), "mode"),
        Arguments.of(Chart.values("tls.certManager.issuerRef.kind", "Vault"), "kind"),
        Arguments.of(Chart.values("webhook.podAntiAffinity", "always"), "podAntiAffinity"),
        Arguments.of(Chart.values("webhook.heapMiB", 8), "heapMiB"),
        Arguments.of(Chart.values("webhook.resources.limits.memory", "lots"), "memory"),
        Arguments.of(Chart.values("logFormat", "xml"), "logFormat"),
        Arguments.of(Chart.values("logAllowed", "yes"), "logAllowed"),
        Arguments.of(Chart.values("networkPolicy.enabled", "yes please"), "enabled"),
        Arguments.of(Chart.values("webhook.replica", 3), "replica"),
        Arguments.of(Chart.values("serviceMonitor.interval", "often"), "interval"),
        // Checks the schema cannot express, done by the templates.
        Arguments.of(Chart.values("webhook.replicas", 1), "webhook.podDisruptionBudget.minAvailable (1) must be lower than webhook.replicas (1)"),
        Arguments.of(Chart.values("policyReports.enabled", false, "policyReports.installCRDs", true),
            "policyReports.installCRDs=true needs policyReports.enabled=true"),
        Arguments.of(Chart.values("namespaceSelection.label", "trustgate.io/exempt"), "namespaceSelection.label is read only in the modes opt-in and opt-out"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void badValuesFailWithAMessageNamingThem(Map<String, Object> values, String expected) {
    assertThatThrownBy(() -> Chart.template(values)).as("helm template --set %s", values)
        .hasMessageContaining(expected);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void schemaErrorsSayTheyAreAboutValues(Map<String, Object> values, String expected) {
    assertThatThrownBy(() -> Chart.template(values))
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
            .containsAnyOf("values don't meet the specifications of the schema", "execution error"));
  }
}
