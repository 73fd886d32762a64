package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.MutableClock;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.kube.trust.TrustRoots;
import io.trustgate.operator.testing.LoopbackReleaseServer;
import io.trustgate.operator.testing.SignedReleases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed recall reason with control characters cannot forge lines in the operator's Events. */
@EnableKubernetesMockClient(crud = true)
class RecallReasonEventsIT {
  private static final String FORGED =
      "fixed in 1.2.0\nNormal  Verified  policy/forge  all images verified\u001b[0m\u202e";
  private static final String SHOWN =
      "fixed in 1.2.0\\nNormal  Verified  policy/forge  all images verified\\u001b[0m\\u202e";

  KubernetesClient client;
  @TempDir Path dir;

  private LoopbackReleaseServer server;
  private SignedReleases releases;
  private MutableClock clock;
  private TrustRoots roots;
  private PolicyReconciliation reconciliation;
  private TrustPolicy policy;

  @BeforeEach
  void setUp() {
    server = new LoopbackReleaseServer();
    releases = new SignedReleases(server);
    clock = new MutableClock(ReleaseWorld.NOW);
    roots = TrustRoots.override(SignedReleases.writeTrustedRoot(dir));
    HttpEvidenceSource http = new HttpEvidenceSource(HttpEvidenceConfig.defaults());
    reconciliation = new PolicyReconciliation(client, http, PolicyRuntime.manifestCache(http, Runnable::run, clock),
        roots, clock, true);
    policy = new TrustPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("forge").withUid(UUID.randomUUID().toString())
        .withGeneration(1L).build());
    policy.setSpec(releases.spec());
  }

  @AfterEach
  void tearDown() {
    server.close();
    roots.close();
  }

  @Test
  void escapesControlCharactersOfANewRecallInListAndPodEvents() {
    String digest = releases.release("1.1.0", "x86_64");
    Pod pod = new PodBuilder()
        .withNewMetadata().withNamespace("apps").withName("forge-1").withUid(UUID.randomUUID().toString()).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage(ReleaseWorld.image("1.1.0", digest)).endContainer()
        .endSpec().withNewStatus().withPhase("Running").endStatus().build();
    client.pods().inNamespace("apps").resource(pod).create();
    releases.publishList(1, null);
    reconcile();

    releases.publishList(2, null, "1.1.0 dev x86_64 " + FORGED);
    clock.advance(Duration.ofHours(1));
    reconcile();

    List<Event> updated = events("default", "RevocationListUpdated");
    assertThat(updated).anySatisfy(e -> assertThat(e.getMessage()).contains("new recalls: 1.1.0 dev/x86_64: " + SHOWN));
    List<Event> recalled = events("apps", "ReleaseRecalled");
    assertThat(recalled).singleElement().satisfies(e -> assertThat(e.getMessage()).contains(SHOWN));
    assertThat(updated).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b"));
    assertThat(recalled.get(0).getMessage()).doesNotContain("\n").doesNotContain("\u001b").doesNotContain("\u202e");
  }

  private void reconcile() {
    policy.setStatus(reconciliation.reconcile(policy).status());
  }

  private List<Event> events(String namespace, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }
}
