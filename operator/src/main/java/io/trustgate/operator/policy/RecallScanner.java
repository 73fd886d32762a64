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
 * accepted revocation list recalls. Nothing is evicted.
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

  /**
   * @param warned pod uid + list sha already warned about; updated
   * @return how many running Pods have at least one recalled image
   */
  int scan(String policy, DecisionEngine engine, String listSha, Set<String> warned) {
    int recalled = 0;
    int judged = 0;
    for (Pod pod : runningPods()) {
      List<Finding> recalls = recalls(engine, pod);
      judged++;
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
    LOG.info("policy {}: recall scan of revocation list {} judged {} running Pod(s), {} recalled",
        policy, listSha.substring(0, 12), judged, recalled);
    return recalled;
  }

  private List<Finding> recalls(DecisionEngine engine, Pod pod) {
    JsonNode node = client.getKubernetesSerialization().convertValue(pod, JsonNode.class);
    Optional<Workload> workload = WorkloadImages.extract(node);
    if (workload.isEmpty()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    for (ImageVerdict verdict : engine.decide(workload.get().images(), clock.instant().plus(PER_POD_BUDGET)).images()) {
      for (Finding f : verdict.findings()) {
        if (f.reason() == Reason.RECALLED) {
          out.add(f);
        }
      }
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
