package io.trustgate.operator.reports;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.trustgate.api.v1alpha1.TrustPolicy;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recall scan's PolicyReport output as configured by {@code --policy-reports}: whether to
 * write now (auto asks the API server each time, so installing the CRD later is noticed) and
 * the write itself, whose failures are logged and never fail a reconcile.
 */
public final class PolicyReports {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReports.class);

  private final PolicyReportSettings settings;
  private final PolicyReportCrd crd;
  private final PolicyReportWriter writer;

  public PolicyReports(KubernetesClient client, PolicyReportSettings settings) {
    this.settings = settings;
    this.crd = new PolicyReportCrd(client);
    this.writer = new PolicyReportWriter(client, crd);
  }

  /** False only for {@code --policy-reports=off}. */
  public boolean enabled() {
    return settings.mode() != PolicyReportSettings.Mode.OFF;
  }

  public Duration interval() {
    return settings.interval();
  }

  /** Whether reports are written now: enabled, and for auto, the CRD is installed (asked each time). */
  public boolean active() {
    return enabled() && (settings.mode() == PolicyReportSettings.Mode.ON || crd.installed());
  }

  /** Makes the policy's reports hold {@code results}; failures are logged. */
  public void write(TrustPolicy policy, RecallResults results, Instant now) {
    try {
      PolicyReportWriter.Changes c = writer.sync(policy, results.byNamespace(), now);
      if (c.created() + c.updated() + c.deleted() > 0) {
        LOG.info("policy {}: PolicyReports {} created, {} updated, {} deleted, {} unchanged",
            policy.getMetadata().getName(), c.created(), c.updated(), c.deleted(), c.unchanged());
      }
    } catch (KubernetesClientException e) {
      LOG.warn("policy {}: could not write PolicyReports ({}): {}", policy.getMetadata().getName(),
          e.getCode() == 404 ? "is " + PolicyReportCrd.CRD_NAME + " installed?" : "HTTP " + e.getCode(), e.getMessage());
    }
  }
}
