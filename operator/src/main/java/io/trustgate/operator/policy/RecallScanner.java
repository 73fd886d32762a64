package io.trustgate.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.ImageVerdict;
import io.trustgate.core.decision.Reason;
import io.trustgate.core.revocation.RevocationState;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.operator.reports.RecallResults;
import io.trustgate.core.workload.Workload;
import io.trustgate.core.workload.WorkloadImages;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retroactive recall: judges every running Pod's images with the policy's own decision engine
 * (the admission pipeline, not a copy of it) and puts a Warning Event on each Pod a newly
 * accepted revocation list recalls. Nothing is evicted. The same pass collects every reportable
 * finding (recall, unsigned, expired) for PolicyReports.
 */
final class RecallScanner {
  static final String RELEASE_RECALLED = "ReleaseRecalled";
  private static final Logger LOG = LoggerFactory.getLogger(RecallScanner.class);
  private static final long PAGE = 500;
  private static final Duration PER_POD_BUDGET = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final PolicyEvents events;
  private final Clock clock;

  RecallScanner(KubernetesClient client, PolicyEvents events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  /** What one scan found: the number of running Pods with a recalled image, and the reportable findings. */
  record Outcome(int recalledPods, RecallResults results) {}

  /**
   * Judges every running Pod; warns (once per Pod and list) on each Pod with a recalled image.
   *
   * @param warned pod uid + list sha already warned about; updated
   */
  Outcome scan(String policy, PolicyRuntime runtime, String listSha, Set<String> warned) {
    DecisionEngine engine = runtime.engine();
    RevocationState state = Optional.ofNullable(runtime.holders().get(policy))
        .map(h -> h.state()).orElseGet(RevocationState::initial);
    RecallResults results = new RecallResults(runtime.policies().get(0), state);
    int recalled = 0;
    int judged = 0;
    for (Pod pod : runningPods()) {
      List<Finding> findings = findings(engine, pod);
      judged++;
      results.add(pod, findings);
      List<Finding> recalls = findings.stream().filter(f -> f.reason() == Reason.RECALLED).toList();
      if (recalls.isEmpty()) {
        continue;
      }
      recalled++;
      String key = pod.getMetadata().getUid() + "@" + listSha;
      if (warned.add(key)) {
        events.warning(pod, RELEASE_RECALLED,
            recalls.stream().map(Finding::message).distinct().collect(Collectors.joining("; ")));
      }
    }
    LOG.info("policy {}: recall scan (revocation list {}) judged {} running Pod(s), {} recalled, {} reportable result(s)",
        policy, listSha.length() > 12 ? listSha.substring(0, 12) : listSha, judged, recalled, results.size());
    return new Outcome(recalled, results);
  }

  private List<Finding> findings(DecisionEngine engine, Pod pod) {
    JsonNode node = client.getKubernetesSerialization().convertValue(pod, JsonNode.class);
    Optional<Workload> workload = WorkloadImages.extract(node);
    if (workload.isEmpty()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (ImageVerdict verdict : engine.decide(workload.get().images(), clock.instant().plus(PER_POD_BUDGET)).images()) {
      out.addAll(verdict.findings());
    }
    return out;
  }

  /** Filtered here rather than by field selector, which not every API server fake honours. */
  private List<Pod> runningPods() {
    List<Pod> out = new ArrayList<>();
    String cont = null;
    do {
      PodList page = client.pods().inAnyNamespace()
          .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
      for (Pod p : page.getItems()) {
        if (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
          out.add(p);
        }
      }
      cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    return out;
  }
}
