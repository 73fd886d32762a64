package io.trustgate.operator.reports;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.trustgate.api.v1alpha1.TrustPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one PolicyReport per namespace and TrustPolicy ({@code trustgate-<policy>}) equal to the
 * latest scan: creates it when a namespace gets a result, replaces its results only when they
 * changed (a result seen again keeps its first timestamp, so an unchanged cluster causes no
 * writes), and deletes it when the namespace has no result left. Reports are owned by their
 * TrustPolicy, so deleting the policy lets the garbage collector remove them.
 */
public final class PolicyReportWriter {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "trustgate";
  public static final String POLICY_LABEL = "trustgate.io/policy";
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReportWriter.class);
  private static final Comparator<PolicyReportResult> ORDER = Comparator
      .comparing((PolicyReportResult r) -> r.resources().isEmpty() ? "" : r.resources().get(0).getKind())
      .thenComparing(r -> r.resources().isEmpty() ? "" : r.resources().get(0).getName())
      .thenComparing(PolicyReportResult::rule)
      .thenComparing(r -> r.properties().getOrDefault("container", ""))
      .thenComparing(PolicyReportResult::message);

  private final PolicyReportCrd crd;
  private final KubernetesSerialization json;

  public PolicyReportWriter(KubernetesClient client, PolicyReportCrd crd) {
    this.crd = crd;
    this.json = client.getKubernetesSerialization();
  }

  /** What one sync changed. */
  public record Changes(int created, int updated, int deleted, int unchanged) {}

  public static String reportName(String policy) {
    return "trustgate-" + policy;
  }

  /** Makes the policy's reports hold exactly {@code results} (namespace → results, timestamps set). */
  public Changes sync(TrustPolicy policy, Map<String, List<PolicyReportResult>> results, Instant now) {
    String name = policy.getMetadata().getName();
    Map<String, GenericKubernetesResource> existing = new HashMap<>();
    for (GenericKubernetesResource r : crd.reports().inAnyNamespace()
        .withLabel(MANAGED_BY, MANAGER).withLabel(POLICY_LABEL, name).list().getItems()) {
      if (reportName(name).equals(r.getMetadata().getName())) {
        existing.put(r.getMetadata().getNamespace(), r);
      }
    }
    int created = 0;
    int updated = 0;
    int deleted = 0;
    int unchanged = 0;
    for (String ns : new TreeSet<>(results.keySet())) {
      List<PolicyReportResult> wanted = results.get(ns);
      if (wanted.isEmpty()) {
        continue;
      }
      GenericKubernetesResource current = existing.remove(ns);
      List<PolicyReportResult> merged = keepTimestamps(wanted, current == null ? List.of() : resultsOf(current), now);
      if (current == null) {
        crd.reports().inNamespace(ns).resource(report(policy, ns, merged)).create();
        created++;
      } else if (!sameResults(resultsOf(current), merged) || !ownedBy(current, policy)) {
        GenericKubernetesResource next = report(policy, ns, merged);
        next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        crd.reports().inNamespace(ns).resource(next).update();
        updated++;
      } else {
        unchanged++;
      }
    }
    for (GenericKubernetesResource stale : existing.values()) {
      try {
        crd.reports().inNamespace(stale.getMetadata().getNamespace()).withName(stale.getMetadata().getName()).delete();
        deleted++;
      } catch (KubernetesClientException e) {
        LOG.warn("could not delete PolicyReport {}/{}: {}", stale.getMetadata().getNamespace(),
            stale.getMetadata().getName(), e.getMessage());
      }
    }
    return new Changes(created, updated, deleted, unchanged);
  }

  private List<PolicyReportResult> resultsOf(GenericKubernetesResource report) {
    Object raw = report.getAdditionalProperties().get("results");
    if (raw == null) {
      return List.of();
    }
    try {
      return List.of(json.convertValue(raw, PolicyReportResult[].class));
    } catch (IllegalArgumentException e) {
      return List.of(); // unreadable: replaced by the next write
    }
  }

  /** A result already reported keeps the time it was first found; new ones get {@code now}. */
  private static List<PolicyReportResult> keepTimestamps(List<PolicyReportResult> wanted,
      List<PolicyReportResult> current, Instant now) {
    Map<PolicyReportResult, PolicyReportResult.Timestamp> seen = new HashMap<>();
    current.forEach(r -> seen.putIfAbsent(r.withTimestamp(null), r.timestamp()));
    List<PolicyReportResult> out = new ArrayList<>();
    for (PolicyReportResult r : wanted) {
      PolicyReportResult.Timestamp at = seen.get(r.withTimestamp(null));
      out.add(r.withTimestamp(at != null ? at : PolicyReportResult.Timestamp.of(now)));
    }
    out.sort(ORDER);
    return out;
  }

  private static boolean sameResults(List<PolicyReportResult> a, List<PolicyReportResult> b) {
    return Objects.equals(a, b);
  }

  private static boolean ownedBy(GenericKubernetesResource report, TrustPolicy policy) {
    return report.getMetadata().getOwnerReferences() != null && report.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> Objects.equals(o.getUid(), policy.getMetadata().getUid()));
  }

  private GenericKubernetesResource report(TrustPolicy policy, String namespace, List<PolicyReportResult> results) {
    GenericKubernetesResource report = new GenericKubernetesResource();
    report.setApiVersion(PolicyReportCrd.API_VERSION);
    report.setKind(PolicyReportCrd.KIND);
    report.setMetadata(new ObjectMetaBuilder()
        .withName(reportName(policy.getMetadata().getName()))
        .withNamespace(namespace)
        .withLabels(new TreeMap<>(Map.of(MANAGED_BY, MANAGER, POLICY_LABEL, policy.getMetadata().getName())))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(policy.getApiVersion() == null ? "trustgate.io/v1alpha1" : policy.getApiVersion())
            .withKind("TrustPolicy")
            .withName(policy.getMetadata().getName())
            .withUid(policy.getMetadata().getUid())
            .build())
        .build());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("pass", 0);
    summary.put("fail", results.stream().filter(r -> "fail".equals(r.result())).count());
    summary.put("warn", results.stream().filter(r -> "warn".equals(r.result())).count());
    summary.put("error", 0);
    summary.put("skip", 0);
    report.setAdditionalProperty("summary", summary);
    report.setAdditionalProperty("results", json.convertValue(results, List.class));
    return report;
  }
}
