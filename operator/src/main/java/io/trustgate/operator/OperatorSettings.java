package io.trustgate.operator;

import io.trustgate.operator.registration.NamespaceSelection;
import io.trustgate.operator.reports.PolicyReportSettings;
import io.trustgate.operator.tls.WebhookTlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated settings of the operator process.
 *
 * @param kubeconfig empty: in-cluster credentials or the usual auto-configuration
 * @param namespace the operator's own namespace (Lease, webhook Secret)
 * @param trustedRoot verifies every policy's bundles instead of the policy's trustRoot
 * @param offline never fetch evidence over HTTP; mirror ConfigMaps only
 * @param ssaStatusPatch patch TrustPolicy status with server-side apply (JOSDK's default)
 * @param manageWebhookTls the operator issues the webhook's certificate and writes the caBundle
 *     (--webhook-tls operator); false when cert-manager or another tool does (external)
 * @param namespaceSelection kept in the workloads webhook's namespaceSelector; empty: left as it is
 * @param policyReports whether and how often the recall scan writes wgpolicyk8s.io PolicyReports
 */
public record OperatorSettings(
    Optional<Path> kubeconfig,
    String namespace,
    boolean leaderElection,
    String leaseName,
    Optional<Path> trustedRoot,
    boolean offline,
    String mirrorNamespace,
    boolean recallScan,
    boolean ssaStatusPatch,
    WebhookTlsSettings webhookTls,
    boolean manageWebhookTls,
    Optional<NamespaceSelection> namespaceSelection,
    PolicyReportSettings policyReports) {

  /** The operator owns TLS and leaves the namespaceSelector alone, as before these settings existed. */
  public OperatorSettings(Optional<Path> kubeconfig, String namespace, boolean leaderElection, String leaseName,
      Optional<Path> trustedRoot, boolean offline, String mirrorNamespace, boolean recallScan, boolean ssaStatusPatch,
      WebhookTlsSettings webhookTls) {
    this(kubeconfig, namespace, leaderElection, leaseName, trustedRoot, offline, mirrorNamespace, recallScan,
        ssaStatusPatch, webhookTls, true, Optional.empty(), PolicyReportSettings.defaults());
  }

  /** Settings with the default PolicyReport behaviour ({@code auto}). */
  public OperatorSettings(Optional<Path> kubeconfig, String namespace, boolean leaderElection, String leaseName,
      Optional<Path> trustedRoot, boolean offline, String mirrorNamespace, boolean recallScan, boolean ssaStatusPatch,
      WebhookTlsSettings webhookTls, boolean manageWebhookTls, Optional<NamespaceSelection> namespaceSelection) {
    this(kubeconfig, namespace, leaderElection, leaseName, trustedRoot, offline, mirrorNamespace, recallScan,
        ssaStatusPatch, webhookTls, manageWebhookTls, namespaceSelection, PolicyReportSettings.defaults());
  }

  /** The operator owns TLS and leaves the namespaceSelector alone, with the given PolicyReport settings. */
  public OperatorSettings(Optional<Path> kubeconfig, String namespace, boolean leaderElection, String leaseName,
      Optional<Path> trustedRoot, boolean offline, String mirrorNamespace, boolean recallScan, boolean ssaStatusPatch,
      WebhookTlsSettings webhookTls, PolicyReportSettings policyReports) {
    this(kubeconfig, namespace, leaderElection, leaseName, trustedRoot, offline, mirrorNamespace, recallScan,
        ssaStatusPatch, webhookTls, true, Optional.empty(), policyReports);
  }

  public OperatorSettings {
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(trustedRoot, "trustedRoot");
    Objects.requireNonNull(webhookTls, "webhookTls");
    Objects.requireNonNull(namespaceSelection, "namespaceSelection");
    Objects.requireNonNull(policyReports, "policyReports");
    if (!manageWebhookTls) {
      if (webhookTls.url().isPresent() || webhookTls.certificateDir().isPresent()) {
        throw new IllegalArgumentException("--webhook-url and --webhook-cert-dir need --webhook-tls operator:"
            + " with external TLS the operator issues no certificate");
      }
      if (namespaceSelection.isPresent()) {
        throw new IllegalArgumentException("--namespace-selection needs --webhook-tls operator: with external TLS the"
            + " operator has no access to the webhook registration; set its namespaceSelector where it is created"
            + " (the Helm chart does)");
      }
    }
    requireName("--namespace", namespace);
    requireName("--lease-name", leaseName);
    requireName("--mirror-namespace", mirrorNamespace);
    kubeconfig.ifPresent(p -> requireFile("--kubeconfig", p));
    trustedRoot.ifPresent(p -> requireFile("--trusted-root", p));
    requireName("--webhook-secret", webhookTls.secretName());
    requireName("--webhook-service", webhookTls.serviceName());
    requireName("--webhook-configuration", webhookTls.webhookConfigurationName());
    webhookTls.url().ifPresent(u -> {
      if (!u.startsWith("https://")) {
        throw new IllegalArgumentException("--webhook-url must be an https:// URL, got " + u);
      }
    });
    if (webhookTls.certificateValidity().isNegative() || webhookTls.certificateValidity().isZero()) {
      throw new IllegalArgumentException("--cert-validity must be positive");
    }
    if (webhookTls.renewBefore().isNegative()
        || webhookTls.renewBefore().compareTo(webhookTls.certificateValidity()) >= 0) {
      throw new IllegalArgumentException("--cert-renew-before must be shorter than --cert-validity");
    }
  }

  /** --webhook-tls: true for operator, false for external. */
  static boolean webhookTlsMode(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "operator" -> true;
      case "external" -> false;
      default -> throw new IllegalArgumentException("--webhook-tls must be operator or external, got '" + value + "'");
    };
  }

  /** Kubernetes object names: DNS-1123 labels/subdomains. */
  private static void requireName(String flag, String value) {
    if (value == null || !value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new IllegalArgumentException(flag + " must be a Kubernetes object name (lowercase, digits, '-', '.'), got "
          + value);
    }
  }

  private static void requireFile(String flag, Path path) {
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(flag + " " + path + " is not a readable file");
    }
  }
}
