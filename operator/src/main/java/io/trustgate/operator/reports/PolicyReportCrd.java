package io.trustgate.operator.reports;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wgpolicyk8s.io/v1alpha2 PolicyReport resource: whether the API server serves it, and a
 * client for it. Detection reads the CRD; when RBAC forbids that, it asks for one PolicyReport
 * instead (404: not installed). Neither failure stops the operator.
 */
public final class PolicyReportCrd {
  public static final String GROUP = "wgpolicyk8s.io";
  public static final String VERSION = "v1alpha2";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "PolicyReport";
  public static final String CRD_NAME = "policyreports." + GROUP;
  public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup(GROUP).withVersion(VERSION).withKind(KIND).withPlural("policyreports").withNamespaced(true).build();
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReportCrd.class);

  private final KubernetesClient client;
  private Boolean lastSeen;

  public PolicyReportCrd(KubernetesClient client) {
    this.client = client;
  }

  public MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> reports() {
    return client.genericKubernetesResources(CONTEXT);
  }

  /** True when the API server serves PolicyReports v1alpha2; logs when that changes. */
  public synchronized boolean installed() {
    boolean now = probe();
    if (lastSeen == null || lastSeen != now) {
      LOG.info("{} {}: PolicyReports {}", CRD_NAME, now ? "is installed" : "is not installed",
          now ? "are written for the recall scan" : "are not written (Events only)");
    }
    lastSeen = now;
    return now;
  }

  private boolean probe() {
    try {
      var crd = client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get();
      return crd != null && crd.getSpec().getVersions().stream()
          .anyMatch(v -> VERSION.equals(v.getName()) && Boolean.TRUE.equals(v.getServed()));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN && e.getCode() != HttpURLConnection.HTTP_UNAUTHORIZED) {
        LOG.warn("cannot read CustomResourceDefinition {}: {}", CRD_NAME, e.getMessage());
        return false;
      }
    }
    try {
      reports().inAnyNamespace().list(new ListOptionsBuilder().withLimit(1L).build());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.warn("cannot tell whether PolicyReports are served (reading CRDs is forbidden, listing PolicyReports"
            + " failed): {}", e.getMessage());
      }
      return false;
    }
  }
}
