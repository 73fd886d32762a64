package io.trustgate.operator;

import io.trustgate.core.policy.GoDuration;
import io.trustgate.operator.registration.NamespaceSelection;
import io.trustgate.operator.reports.PolicyReportSettings;
import io.trustgate.operator.tls.WebhookTlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Flags of the operator process; each also reads an environment variable. */
@Command(
    name = "trustgate-operator",
    mixinStandardHelpOptions = true,
    versionProvider = OperatorCommand.Version.class,
    description = "Reconciles TrustPolicies and keeps the trustgate webhook's TLS and registration in order.")
public final class OperatorCommand implements Callable<OperatorSettings> {
  @Option(names = "--kubeconfig", defaultValue = "${env:KUBECONFIG}", description = "kubeconfig for running outside a cluster (default: in-cluster credentials or ~/.kube/config)")
  Path kubeconfig;

  @Option(names = "--namespace", defaultValue = "${env:TRUSTGATE_NAMESPACE:-trustgate-system}", description = "the operator's own namespace: leader-election Lease and webhook Secret (default ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--leader-election", negatable = true, defaultValue = "${env:TRUSTGATE_LEADER_ELECTION:-true}", fallbackValue = "true", description = "elect a leader through a Lease so several replicas are safe (default ${DEFAULT-VALUE})")
  boolean leaderElection;

  @Option(names = "--lease-name", defaultValue = "${env:TRUSTGATE_LEASE_NAME:-trustgate-operator}", description = "name of the leader-election Lease (default ${DEFAULT-VALUE})")
  String leaseName;

  @Option(names = "--trusted-root", defaultValue = "${env:TRUSTGATE_TRUSTED_ROOT}", description = "trusted_root.json used for every policy instead of its trustRoot")
  Path trustedRoot;

  @Option(names = "--offline", defaultValue = "${env:TRUSTGATE_OFFLINE:-false}", description = "never fetch evidence over the network; use mirror ConfigMaps only")
  boolean offline;

  @Option(names = "--mirror-namespace", defaultValue = "${env:TRUSTGATE_MIRROR_NAMESPACE:-trustgate-system}", description = "namespace of mirror ConfigMaps (default ${DEFAULT-VALUE})")
  String mirrorNamespace;

  @Option(names = "--recall-scan", negatable = true, defaultValue = "${env:TRUSTGATE_RECALL_SCAN:-true}", fallbackValue = "true", description = "when a new revocation list is accepted, warn on running Pods it recalls (default ${DEFAULT-VALUE})")
  boolean recallScan;

  @Option(names = "--policy-reports", defaultValue = "${env:TRUSTGATE_POLICY_REPORTS:-auto}", paramLabel = "auto|on|off", description = "write the recall scan's findings as wgpolicyk8s.io/v1alpha2 PolicyReports: auto = when that CRD is installed (default ${DEFAULT-VALUE})")
  String policyReports;

  @Option(names = "--policy-report-interval", defaultValue = "${env:TRUSTGATE_POLICY_REPORT_INTERVAL:-5m}", description = "while PolicyReports are written, judge running Pods again this often (default ${DEFAULT-VALUE})")
  String policyReportInterval;

  @Option(names = "--ssa-status-patch", negatable = true, defaultValue = "${env:TRUSTGATE_SSA_STATUS_PATCH:-true}", fallbackValue = "true", description = "patch TrustPolicy status with server-side apply (default ${DEFAULT-VALUE})")
  boolean ssaStatusPatch;

  @Option(names = "--webhook-secret", defaultValue = "${env:TRUSTGATE_WEBHOOK_SECRET:-trustgate-webhook-tls}", description = "Secret holding the webhook's CA and serving certificate (default ${DEFAULT-VALUE})")
  String webhookSecret;

  @Option(names = "--webhook-service", defaultValue = "${env:TRUSTGATE_WEBHOOK_SERVICE:-trustgate-webhook}", description = "Service in front of the webhook; the certificate names it (default ${DEFAULT-VALUE})")
  String webhookService;

  @Option(names = "--webhook-configuration", defaultValue = "${env:TRUSTGATE_WEBHOOK_CONFIGURATION:-trustgate}", description = "ValidatingWebhookConfiguration whose caBundle is kept in sync (default ${DEFAULT-VALUE})")
  String webhookConfiguration;

  @Option(names = "--webhook-url", defaultValue = "${env:TRUSTGATE_WEBHOOK_URL}", description = "local mode: register the webhook by URL, e.g. https://127.0.0.1:8443/")
  String webhookUrl;

  @Option(names = "--webhook-cert-dir", defaultValue = "${env:TRUSTGATE_WEBHOOK_CERT_DIR}", description = "local mode: also write tls.crt and tls.key into this directory")
  Path webhookCertDir;

  @Option(names = "--cert-validity", defaultValue = "${env:TRUSTGATE_CERT_VALIDITY:-2160h}", description = "validity of the webhook serving certificate (default ${DEFAULT-VALUE})")
  String certValidity;

  @Option(names = "--cert-renew-before", defaultValue = "${env:TRUSTGATE_CERT_RENEW_BEFORE:-720h}", description = "renew the serving certificate this long before it expires (default ${DEFAULT-VALUE})")
  String certRenewBefore;

  @Option(names = "--webhook-tls", defaultValue = "${env:TRUSTGATE_WEBHOOK_TLS:-operator}", description = "who owns the webhook's TLS: operator (issue the serving certificate, write the caBundle) or external (cert-manager or another tool; the operator touches neither the Secret nor the registration) (default ${DEFAULT-VALUE})")
  String webhookTls;

  @Option(names = "--namespace-selection", defaultValue = "${env:TRUSTGATE_NAMESPACE_SELECTION}", description = "keep the workloads webhook's namespaceSelector to: all (every namespace but the excluded ones), opt-in (only namespaces labelled <label>=true) or opt-out (all but namespaces labelled <label>=true); unset: leave the registration's selector as it is")
  String namespaceSelection;

  @Option(names = "--namespace-label", defaultValue = "${env:TRUSTGATE_NAMESPACE_LABEL}", description = "label key of opt-in/opt-out (default trustgate.io/enforce for opt-in, trustgate.io/exempt for opt-out)")
  String namespaceLabel;

  @Option(names = "--excluded-namespaces", split = ",", defaultValue = "${env:TRUSTGATE_EXCLUDED_NAMESPACES:-kube-system}", description = "namespaces never enforced, comma-separated; --namespace is always added (default ${DEFAULT-VALUE})")
  List<String> excludedNamespaces;

  @Override
  public OperatorSettings call() {
    WebhookTlsSettings tls = new WebhookTlsSettings(
        namespace,
        webhookSecret,
        webhookService,
        webhookConfiguration,
        Optional.ofNullable(webhookUrl).filter(u -> !u.isBlank()),
        Optional.ofNullable(webhookCertDir),
        GoDuration.parseFlag("--cert-validity", certValidity),
        GoDuration.parseFlag("--cert-renew-before", certRenewBefore));
    return new OperatorSettings(
        Optional.ofNullable(kubeconfig),
        namespace,
        leaderElection,
        leaseName,
        Optional.ofNullable(trustedRoot),
        offline,
        mirrorNamespace,
        recallScan,
        ssaStatusPatch,
        tls,
        OperatorSettings.webhookTlsMode(webhookTls),
        Optional.ofNullable(namespaceSelection).filter(m -> !m.isBlank())
            .map(m -> NamespaceSelection.of(m, namespaceLabel, excludedNamespaces, namespace)),
        new PolicyReportSettings(PolicyReportSettings.Mode.parse("--policy-reports", policyReports),
            GoDuration.parseFlag("--policy-report-interval", policyReportInterval)));
  }

  /** The version recorded in the jar manifest. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = OperatorCommand.class.getPackage().getImplementationVersion();
      return new String[] {"trustgate-operator " + (v == null ? "(development build)" : v)};
    }
  }
}
