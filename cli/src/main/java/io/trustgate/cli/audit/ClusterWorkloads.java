package io.trustgate.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.ImageOccurrence;
import io.trustgate.core.workload.Workload;
import io.trustgate.core.workload.WorkloadImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The workloads {@code trustgate audit} judges, each once:
 *
 * <ul>
 *   <li>every Pod that has not terminated (phase not Succeeded/Failed) is attributed to its
 *       top-level workload (Pod → ReplicaSet → Deployment, Pod → Job → CronJob, Pod →
 *       StatefulSet/DaemonSet), and each distinct set of images a workload runs is judged once,
 *       with the template's field paths; replicas do not repeat a line, and a rollout in progress
 *       shows both the old and the new images;
 *   <li>a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob with no such Pod (scaled
 *       to zero, suspended, between runs) is judged by its pod template: those are the Pods it
 *       would create;
 *   <li>a Pod whose owner is none of these (a bare Pod, or one made by another controller) is
 *       judged as the Pod.
 * </ul>
 */
public final class ClusterWorkloads {
  private static final long PAGE = 500;
  private static final Set<String> TERMINATED = Set.of("Succeeded", "Failed");

  private final KubernetesClient client;
  private final Optional<String> namespace;

  /** @param namespace empty: every namespace */
  public ClusterWorkloads(KubernetesClient client, Optional<String> namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  private record Ref(String kind, String namespace, String name) {}

  private record Controller(HasMetadata object, Ref ref, Optional<Ref> owner) {}

  public List<ImageExtraction> list() {
    Map<String, Controller> byUid = new HashMap<>();
    List<Controller> controllers = new ArrayList<>();
    collect(client.apps().deployments(), controllers);
    collect(client.apps().statefulSets(), controllers);
    collect(client.apps().daemonSets(), controllers);
    collect(client.apps().replicaSets(), controllers);
    collect(client.batch().v1().cronjobs(), controllers);
    collect(client.batch().v1().jobs(), controllers);
    controllers.forEach(c -> byUid.put(c.object().getMetadata().getUid(), c));
    Map<Ref, Controller> byRef = new HashMap<>();
    controllers.forEach(c -> byRef.put(c.ref(), c));

    Map<String, ImageExtraction> judged = new LinkedHashMap<>();
    Set<Ref> running = new java.util.HashSet<>();
    for (Pod pod : pods()) {
      ImageExtraction x = WorkloadImages.extract(json(pod), DecisionEngine.DEFAULT_MAX_IMAGES);
      Optional<Controller> top = controllerOf(pod, byUid).map(c -> topOf(c, byRef));
      if (top.isEmpty() || !(x instanceof ImageExtraction.Extracted e)) {
        judged.put("pod/" + pod.getMetadata().getUid(), x);
        continue;
      }
      Ref ref = top.get().ref();
      running.add(ref);
      Workload w = e.workload();
      String prefix = templatePrefix(ref.kind());
      List<ImageOccurrence> images = w.images().stream()
          .map(i -> new ImageOccurrence(prefix + i.fieldPath(), i.image())).toList();
      Workload attributed = new Workload(top.get().object().getApiVersion(), ref.kind(), ref.namespace(), ref.name(),
          images);
      judged.putIfAbsent(ref + "/" + images, new ImageExtraction.Extracted(attributed));
    }
    for (Controller c : controllers) {
      if (c.owner().filter(byRef::containsKey).isEmpty() && !running.contains(c.ref())) {
        judged.putIfAbsent("template/" + c.ref(), WorkloadImages.extract(json(c.object()), DecisionEngine.DEFAULT_MAX_IMAGES));
      }
    }
    return judged.values().stream().filter(x -> !(x instanceof ImageExtraction.NoPodSpec)).toList();
  }

  private static String templatePrefix(String kind) {
    return "CronJob".equals(kind) ? "spec.jobTemplate.spec.template." : "spec.template.";
  }

  private static Optional<Controller> controllerOf(HasMetadata o, Map<String, Controller> byUid) {
    List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
        .map(r -> byUid.get(r.getUid()));
  }

  /** ReplicaSet → its Deployment, Job → its CronJob, when that owner is listed too. */
  private static Controller topOf(Controller c, Map<Ref, Controller> byRef) {
    Controller at = c;
    for (int depth = 0; depth < 2 && at.owner().isPresent() && byRef.containsKey(at.owner().get()); depth++) {
      at = byRef.get(at.owner().get());
    }
    return at;
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> void collect(
      MixedOperation<T, L, ?> op, List<Controller> out) {
    for (T o : paged(c -> namespace.isEmpty()
        ? op.inAnyNamespace().list(options(c)) : op.inNamespace(namespace.get()).list(options(c)))) {
      Ref ref = new Ref(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
      Optional<Ref> owner = Optional.ofNullable(o.getMetadata().getOwnerReferences()).flatMap(list -> list.stream()
          .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst())
          .map(r -> new Ref(r.getKind(), o.getMetadata().getNamespace(), r.getName()));
      out.add(new Controller(o, ref, owner));
    }
  }

  private List<Pod> pods() {
    List<Pod> out = new ArrayList<>();
    for (Pod p : paged(c -> namespace.isEmpty()
        ? client.pods().inAnyNamespace().list(options(c)) : client.pods().inNamespace(namespace.get()).list(options(c)))) {
      String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
      if (!TERMINATED.contains(phase)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Pages through a list; {@code page} gets the continue token (null first). */
  private static <T extends HasMetadata> List<T> paged(Function<String, KubernetesResourceList<T>> page) {
    List<T> out = new ArrayList<>();
    String cont = null;
    do {
      KubernetesResourceList<T> list = page.apply(cont);
      out.addAll(list.getItems());
      cont = list.getMetadata() == null ? null : list.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    return out;
  }

  private static ListOptions options(String cont) {
    return new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build();
  }

  private JsonNode json(HasMetadata o) {
    return client.getKubernetesSerialization().convertValue(o, JsonNode.class);
  }
}
