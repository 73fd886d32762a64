package io.trustgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import io.trustgate.operator.registration.NamespaceSelection;
import io.trustgate.operator.reports.PolicyReportSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OperatorCommandTest {
  @TempDir Path dir;

  private static OperatorSettings parse(String... args) {
    CommandLine cli = new CommandLine(new OperatorCommand());
    cli.parseArgs(args);
    return ((OperatorCommand) cli.getCommand()).call();
  }

  @Test
  void defaultsMatchTheDocumentedOnes() {
    OperatorSettings s = parse();

    assertThat(s.namespace()).isEqualTo("trustgate-system");
    assertThat(s.leaderElection()).isTrue();
    assertThat(s.leaseName()).isEqualTo("trustgate-operator");
    assertThat(s.trustedRoot()).isEmpty();
    assertThat(s.offline()).isFalse();
    assertThat(s.mirrorNamespace()).isEqualTo("trustgate-system");
    assertThat(s.recallScan()).isTrue();
    assertThat(s.ssaStatusPatch()).isTrue();
    assertThat(s.policyReports().mode()).isEqualTo(PolicyReportSettings.Mode.AUTO);
    assertThat(s.policyReports().interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.webhookTls().namespace()).isEqualTo("trustgate-system");
    assertThat(s.webhookTls().secretName()).isEqualTo("trustgate-webhook-tls");
    assertThat(s.webhookTls().serviceName()).isEqualTo("trustgate-webhook");
    assertThat(s.webhookTls().webhookConfigurationName()).isEqualTo("trustgate");
    assertThat(s.webhookTls().url()).isEmpty();
    assertThat(s.webhookTls().certificateDir()).isEmpty();
    assertThat(s.webhookTls().certificateValidity()).isEqualTo(Duration.ofHours(2160));
    assertThat(s.webhookTls().renewBefore()).isEqualTo(Duration.ofHours(720));
    assertThat(s.manageWebhookTls()).isTrue();
    assertThat(s.namespaceSelection()).as("unset: the registration's selector is left as it is").isEmpty();
  }

  @Test
  void namespaceSelectionFlagsBuildTheSelection() {
    OperatorSettings s = parse("--namespace", "tg", "--namespace-selection", "opt-in", "--namespace-label",
        "example.com/admission", "--excluded-namespaces", "kube-system,kube-public");

    assertThat(s.namespaceSelection()).hasValueSatisfying(sel -> {
      assertThat(sel.mode()).isEqualTo(NamespaceSelection.Mode.OPT_IN);
      assertThat(sel.label()).isEqualTo("example.com/admission");
      assertThat(sel.excludedNamespaces()).containsExactly("kube-system", "kube-public", "tg");
    });
    assertThat(parse("--namespace-selection", "all").namespaceSelection().orElseThrow().excludedNamespaces())
        .containsExactly("kube-system", "trustgate-system");
  }

  @Test
  void externalTlsLeavesCertificatesAndRegistrationAlone() {
    assertThat(parse("--webhook-tls", "external").manageWebhookTls()).isFalse();
    assertThatThrownBy(() -> parse("--webhook-tls", "cert-manager"))
        .hasMessage("--webhook-tls must be operator or external, got 'cert-manager'");
    assertThatThrownBy(() -> parse("--webhook-tls", "external", "--namespace-selection", "opt-out"))
        .hasMessageStartingWith("--namespace-selection needs --webhook-tls operator");
    assertThatThrownBy(() -> parse("--webhook-tls", "external", "--webhook-url", "https://127.0.0.1:8443/"))
        .hasMessageStartingWith("--webhook-url and --webhook-cert-dir need --webhook-tls operator");
  }

  @Test
  void flagsOverrideDefaults() throws Exception {
    Path root = Files.writeString(dir.resolve("trusted_root.json"), "{}");
    OperatorSettings s = parse("--namespace", "ops", "--no-leader-election", "--lease-name", "tg", "--trusted-root",
        root.toString(), "--offline", "--no-recall-scan", "--webhook-url", "https://127.0.0.1:8443/",
        "--webhook-cert-dir", dir.toString(), "--cert-validity", "48h", "--cert-renew-before", "12h");

    assertThat(s.namespace()).isEqualTo("ops");
    assertThat(s.webhookTls().namespace()).isEqualTo("ops");
    assertThat(s.leaderElection()).isFalse();
    assertThat(s.leaseName()).isEqualTo("tg");
    assertThat(s.trustedRoot()).contains(root);
    assertThat(s.offline()).isTrue();
    assertThat(s.recallScan()).isFalse();
    assertThat(s.webhookTls().url()).contains("https://127.0.0.1:8443/");
    assertThat(s.webhookTls().certificateDir()).contains(dir);
    assertThat(s.webhookTls().certificateValidity()).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void rejectsRenewalWindowLongerThanValidity() {
    assertThatThrownBy(() -> parse("--cert-validity", "24h", "--cert-renew-before", "48h"))
        .hasMessageContaining("--cert-renew-before must be shorter than --cert-validity");
  }

  @Test
  void rejectsMissingTrustedRootFile() {
    assertThatThrownBy(() -> parse("--trusted-root", dir.resolve("absent.json").toString()))
        .hasMessageContaining("--trusted-root").hasMessageContaining("is not a readable file");
  }

  @Test
  void policyReportFlagsAreParsedAndChecked() {
    OperatorSettings s = parse("--policy-reports", "OFF", "--policy-report-interval", "30s");
    assertThat(s.policyReports().mode()).isEqualTo(PolicyReportSettings.Mode.OFF);
    assertThat(s.policyReports().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("--policy-reports", "on").policyReports().mode()).isEqualTo(PolicyReportSettings.Mode.ON);
    assertThatThrownBy(() -> parse("--policy-reports", "sometimes"))
        .hasMessage("--policy-reports must be auto, on or off, got sometimes");
    assertThatThrownBy(() -> parse("--policy-report-interval", "0s"))
        .hasMessageContaining("--policy-report-interval must be at least 1s");
  }

  @Test
  void rejectsBadDurationsAndNames() {
    assertThatThrownBy(() -> parse("--cert-validity", "90 days")).hasMessageStartingWith("--cert-validity: ");
    assertThatThrownBy(() -> parse("--lease-name", "Not_A_Name")).hasMessageContaining("--lease-name");
    assertThatThrownBy(() -> parse("--webhook-url", "http://127.0.0.1:8443/")).hasMessageContaining("https://");
  }
}
