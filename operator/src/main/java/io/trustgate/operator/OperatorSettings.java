package io.trustgate.operator;

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
    PolicyReportSettings policyReports) {

  /** Settings with the default PolicyReport behaviour ({@code auto}). */
  public OperatorSettings(Optional<Path> kubeconfig, String namespace, boolean leaderElection, String leaseName,
      Optional<Path> trustedRoot, boolean offline, String mirrorNamespace, boolean recallScan, boolean ssaStatusPatch,
      WebhookTlsSettings webhookTls) {
    this(kubeconfig, namespace, leaderElection, leaseName, trustedRoot, offline, mirrorNamespace, recallScan,
        ssaStatusPatch, webhookTls, PolicyReportSettings.defaults());
  }

  public OperatorSettings {
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(trustedRoot, "trustedRoot");
    Objects.requireNonNull(webhookTls, "webhookTls");
    Objects.requireNonNull(policyReports, "policyReports");
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
