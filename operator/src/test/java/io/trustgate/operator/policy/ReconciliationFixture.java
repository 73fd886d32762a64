package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.MutableClock;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.kube.trust.TrustRoots;
import io.trustgate.operator.testing.LoopbackReleaseServer;
import io.trustgate.operator.testing.SignedReleases;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * One TrustPolicy ("forge") reconciled step by step against a loopback release server, with time
 * driven by a MutableClock; Events and Pods live in the (mock) API server behind {@code client}.
 */
final class ReconciliationFixture implements AutoCloseable {
  final KubernetesClient client;
  final LoopbackReleaseServer server = new LoopbackReleaseServer();
  final SignedReleases releases = new SignedReleases(server);
  final MutableClock clock = new MutableClock(ReleaseWorld.NOW);
  final TrustRoots roots;
  final PolicyReconciliation reconciliation;
  final TrustPolicy policy;

  ReconciliationFixture(KubernetesClient client, Path dir) {
    this(client, dir, io.trustgate.operator.reports.PolicyReportSettings.off());
  }

  ReconciliationFixture(KubernetesClient client, Path dir, io.trustgate.operator.reports.PolicyReportSettings reports) {
    this.client = client;
    roots = TrustRoots.override(SignedReleases.writeTrustedRoot(dir));
    HttpEvidenceSource http = new HttpEvidenceSource(HttpEvidenceConfig.defaults());
    reconciliation = new PolicyReconciliation(client, http, PolicyRuntime.manifestCache(http, Runnable::run, clock),
        roots, clock, true, reports);
    policy = policy("forge", releases.spec());
  }

  /** Reconciles the policy once and keeps the status it gets, as the operator writes it. */
  PolicyReconciliation.Result reconcile() {
    PolicyReconciliation.Result result = reconciliation.reconcile(policy);
    policy.setStatus(result.status());
    return result;
  }

  static TrustPolicy policy(String name, TrustPolicySpec spec) {
    TrustPolicy p = new TrustPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withUid(UUID.randomUUID().toString()).withGeneration(1L).build());
    p.setSpec(spec);
    return p;
  }

  /** A Pod in phase Running with one container running {@code image}. */
  Pod runningPod(String namespace, String name, String image) {
    Pod pod = new PodBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).withUid(UUID.randomUUID().toString()).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage(image).endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus()
        .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  Condition condition(String type) {
    return Conditions.find(policy.getStatus().conditions, type)
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + policy.getStatus().conditions));
  }

  Condition assertCondition(String type, String status, String reason) {
    Condition c = condition(type);
    assertThat(c.getStatus()).as(type + " status (" + c.getMessage() + ")").isEqualTo(status);
    assertThat(c.getReason()).as(type + " reason (" + c.getMessage() + ")").isEqualTo(reason);
    return c;
  }

  List<Event> events(String namespace, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Override
  public void close() {
    server.close();
    roots.close();
  }
}
