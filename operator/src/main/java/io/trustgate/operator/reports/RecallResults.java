package io.trustgate.operator.reports;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.format.DisplayText;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.image.InvalidImageReferenceException;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.CompiledSelector;
import io.trustgate.core.revocation.Revocation;
import io.trustgate.core.revocation.RevocationState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns one scan's findings into PolicyReport results: one result per workload (the Pod's
 * controlling owner, e.g. its ReplicaSet, StatefulSet, DaemonSet or Job, or the bare Pod), rule
 * and image, listing the workload and up to {@value #MAX_PODS} of its Pods as resources.
 */
public final class RecallResults {
  static final int MAX_PODS = 10;

  /** The rule a finding breaks in a report; findings of other reasons (undecided ones) are not reported. */
  public enum Rule {
    RECALL("recall", "high"),
    UNSIGNED("unsigned", "high"),
    EXPIRED("expired", "medium");

    final String id;
    final String severity;

    Rule(String id, String severity) {
      this.id = id;
      this.severity = severity;
    }

    public static Optional<Rule> of(io.trustgate.core.decision.Reason reason) {
      return switch (reason) {
        case RECALLED -> Optional.of(RECALL);
        case EXPIRED -> Optional.of(EXPIRED);
        case SIGNATURE_INVALID, IDENTITY_MISMATCH, UNTRUSTED_ROOT, TRANSPARENCY_LOG_INVALID, CERTIFICATE_EXPIRED,
            BUNDLE_MALFORMED, UNSUPPORTED_BUNDLE, VERSION_SKEW, MANIFEST_MISMATCH, UNSUPPORTED_SCHEMA,
            MANIFEST_INVALID, DIGEST_NOT_IN_MANIFEST, NO_DIGEST, NO_VERSION -> Optional.of(UNSIGNED);
        default -> Optional.empty();
      };
    }
  }

  private final CompiledPolicy policy;
  private final RevocationState revocations;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private static final class Entry {
    final String namespace;
    final ObjectReference workload;
    final Rule rule;
    final Finding finding;
    final List<ObjectReference> pods = new ArrayList<>();
    int podCount;

    Entry(String namespace, ObjectReference workload, Rule rule, Finding finding) {
      this.namespace = namespace;
      this.workload = workload;
      this.rule = rule;
      this.finding = finding;
    }
  }

  public RecallResults(CompiledPolicy policy, RevocationState revocations) {
    this.policy = policy;
    this.revocations = revocations;
  }

  /** Records the reportable findings of one running Pod. */
  public void add(Pod pod, List<Finding> findings) {
    ObjectReference podRef = reference("v1", "Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
        pod.getMetadata().getUid());
    ObjectReference workload = controller(pod).orElse(podRef);
    for (Finding f : findings) {
      Optional<Rule> rule = Rule.of(f.reason());
      if (rule.isEmpty()) {
        continue;
      }
      String key = String.join("\u0000", pod.getMetadata().getNamespace(), workload.getKind(), workload.getName(),
          rule.get().id, f.fieldPath(), String.valueOf(f.image()), f.message());
      Entry e = entries.computeIfAbsent(key, k -> new Entry(pod.getMetadata().getNamespace(), workload, rule.get(), f));
      e.podCount++;
      if (workload != podRef && e.pods.size() < MAX_PODS) {
        e.pods.add(podRef);
      }
    }
  }

  /** Results by namespace, without timestamps (the writer sets them). */
  public Map<String, List<PolicyReportResult>> byNamespace() {
    Map<String, List<PolicyReportResult>> out = new TreeMap<>();
    for (Entry e : entries.values()) {
      out.computeIfAbsent(e.namespace, n -> new ArrayList<>()).add(result(e));
    }
    return out;
  }

  public int size() {
    return entries.size();
  }

  private PolicyReportResult result(Entry e) {
    Map<String, String> props = new TreeMap<>();
    props.put("reason", e.finding.reason().name());
    props.put("container", e.finding.fieldPath());
    if (e.finding.image() != null) {
      props.put("image", e.finding.image());
    }
    props.put("pods", Integer.toString(e.podCount));
    String message = e.finding.message();
    Optional<Coordinates> coords = coordinates(e.finding.image());
    coords.ifPresent(c -> {
      props.put("version", c.version);
      props.put("variant", c.variant);
    });
    if (e.rule == Rule.RECALL && coords.isPresent()) {
      Optional<Revocation> recall = recallIn(coords.get(), e.finding.message());
      if (recall.isPresent()) {
        Revocation r = recall.get();
        message = DisplayText.reason(r.reason());
        props.put("arch", r.arch());
        if (r.revokedAt() != null) {
          props.put("revokedAt", r.revokedAt().toString());
        }
        revocations.accepted().ifPresent(a -> props.put("revocationListSha256", a.sha256()));
      }
    }
    List<ObjectReference> resources = new ArrayList<>();
    resources.add(e.workload);
    resources.addAll(e.pods);
    String result = e.finding.denies() ? "fail" : "warn";
    return new PolicyReportResult(PolicyReportResult.SOURCE, policy.name(), e.rule.id, PolicyReportResult.CATEGORY,
        e.rule.severity, result, Boolean.TRUE, message, props, null, resources);
  }

  private record Coordinates(String version, String variant) {}

  private Optional<Coordinates> coordinates(String image) {
    if (image == null) {
      return Optional.empty();
    }
    try {
      ImageRef ref = ImageRef.parse(image);
      Optional<CompiledSelector> selector = policy.selectorFor(ref);
      Optional<String> version = policy.versionOf(ref.tag());
      if (selector.isEmpty() || version.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Coordinates(version.get(), selector.get().variant()));
    } catch (InvalidImageReferenceException e) {
      return Optional.empty();
    }
  }

  /** The list entry the finding quotes: same version and variant, the arch the finding names. */
  private Optional<Revocation> recallIn(Coordinates c, String findingMessage) {
    for (String arch : policy.arches()) {
      Optional<Revocation> r = revocations.recallFor(c.version, c.variant, arch);
      if (r.isPresent() && findingMessage.contains("(" + c.version + " " + c.variant + "/" + arch)) {
        return r;
      }
    }
    return Optional.empty();
  }

  private static Optional<ObjectReference> controller(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
        .map(o -> reference(o.getApiVersion(), o.getKind(), pod.getMetadata().getNamespace(), o.getName(), o.getUid()));
  }

  private static ObjectReference reference(String apiVersion, String kind, String namespace, String name, String uid) {
    return new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withNamespace(namespace)
        .withName(name).withUid(uid).build();
  }
}
