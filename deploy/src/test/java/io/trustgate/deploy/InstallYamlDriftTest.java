package io.trustgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/install.yaml is the chart rendered with its defaults: the build writes the rendering to
 * target/install.yaml and fails when the committed file differs.
 */
class InstallYamlDriftTest {
  static final String HEADER = """
      # trustgate: one-file install for Kubernetes 1.28+.
      #   kubectl apply -f deploy/install.yaml
      # Rendered from the Helm chart deploy/helm/trustgate with its default values (the build fails
      # when this file differs from the rendering; do not edit it, edit the chart). See docs/install.md.
      # The operator creates the webhook's TLS Secret (trustgate-webhook-tls) and fills the caBundle
      # of the ValidatingWebhookConfiguration; neither is in this file, so re-applying it (upgrades)
      # never resets them.
      """;

  static String rendered() {
    return HEADER + Chart.template(Map.of());
  }

  @Test
  void committedInstallYamlIsTheChartRenderedWithItsDefaults() throws Exception {
    String rendered = rendered();
    Path out = Path.of(System.getProperty("trustgate.renderedInstall", "target/install.yaml"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, rendered);
    assertThat(Files.readString(Chart.INSTALL))
        .as("%s is out of date with the chart; regenerate it with"
            + " `mvn -pl deploy verify -Dtest=InstallYamlDriftTest -Dsurefire.failIfNoSpecifiedTests=false; cp %s %s`",
            Chart.INSTALL, out, Chart.INSTALL)
        .isEqualTo(rendered);
  }

  @Test
  void renderingIsReproducible() {
    assertThat(rendered()).isEqualTo(rendered());
  }
}
