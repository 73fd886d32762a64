package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.RevocationFloorStatus;
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

/**
 * The operator persists the accepted revocation list in {@code status.revocationFloor}, and a
 * restarted operator (a fresh {@link PolicyReconciliation}) is bounded by it.
 */
@EnableKubernetesMockClient(crud = true)
class RevocationFloorIT {
  private static final String RECALL_REASON = "CVE-2026-0001 in nix daemon; upgrade to 1.2.0";

  KubernetesClient client;
  @TempDir Path dir;

  private LoopbackReleaseServer server;
  private SignedReleases releases;
  private MutableClock clock;
  private TrustRoots roots;
  private TrustPolicy policy;

  @BeforeEach
  void setUp() {
    server = new LoopbackReleaseServer();
    releases = new SignedReleases(server);
    clock = new MutableClock(ReleaseWorld.NOW);
    roots = TrustRoots.override(SignedReleases.writeTrustedRoot(dir));
    policy = new TrustPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("forge").withUid(UUID.randomUUID().toString())
        .withGeneration(1L).build());
    policy.setSpec(releases.spec());
    client.resource(policy).create();
  }

  @AfterEach
  void tearDown() {
    server.close();
    roots.close();
  }

  /** A fresh operator process: nothing in memory, only what the API server holds. */
  private PolicyReconciliation operator() {
    HttpEvidenceSource http = new HttpEvidenceSource(HttpEvidenceConfig.defaults());
    return new PolicyReconciliation(client, http, PolicyRuntime.manifestCache(http, Runnable::run, clock), roots,
        clock, false);
  }

  /** Reconciles and writes the status to the API server, as the reconciler does. */
  private TrustPolicy reconcileAndPersist(PolicyReconciliation operator) {
    TrustPolicy stored = client.resources(TrustPolicy.class).withName("forge").get();
    stored.setStatus(operator.reconcile(stored).status());
    client.resource(stored).updateStatus();
    return client.resources(TrustPolicy.class).withName("forge").get();
  }

  @Test
  void theAcceptedListIsWrittenToStatusWithItsRecalls() {
    releases.publishList(7, "2026-05-15T00:00:00Z", "1.1.0 dev x86_64 " + RECALL_REASON);

    RevocationFloorStatus floor = reconcileAndPersist(operator()).getStatus().revocationFloor;

    assertThat(floor.url).isEqualTo(policy.getSpec().revocations.url);
    assertThat(floor.sequence).isEqualTo(7L);
    assertThat(floor.issuedAt).isEqualTo("2026-05-15T00:00:00Z");
    assertThat(floor.sha256).hasSize(64);
    assertThat(floor.acceptedAt).isEqualTo(ReleaseWorld.NOW.toString());
    assertThat(floor.recalls).singleElement().satisfies(r -> {
      assertThat(List.of(r.version, r.variant, r.arch)).containsExactly("1.1.0", "dev", "x86_64");
      assertThat(r.reason).isEqualTo(RECALL_REASON);
      assertThat(r.revokedAt).isEqualTo("2026-05-15T00:00:00Z");
    });
  }

  @Test
  void aRestartedOperatorRefusesAnOlderListAndNeverLowersTheFloor() {
    releases.publishList(7, "2026-05-15T00:00:00Z", "1.1.0 dev x86_64 " + RECALL_REASON);
    RevocationFloorStatus accepted = reconcileAndPersist(operator()).getStatus().revocationFloor;

    releases.publishList(6, "2026-05-14T00:00:00Z");
    clock.advance(Duration.ofMinutes(5));
    TrustPolicy after = reconcileAndPersist(operator());

    Condition current = Conditions.find(after.getStatus().conditions, Conditions.REVOCATION_LIST_CURRENT).orElseThrow();
    assertThat(current.getStatus()).isEqualTo("False");
    assertThat(current.getReason()).isEqualTo("Rollback");
    assertThat(current.getMessage()).contains("at least as new as the accepted sequence 7", "went back from 7 to 6",
        "governed images of this policy are denied");
    assertThat(client.getKubernetesSerialization().asJson(after.getStatus().revocationFloor))
        .isEqualTo(client.getKubernetesSerialization().asJson(accepted));
  }

  @Test
  void aNewerListRaisesTheFloorAndAnInvalidSpecKeepsIt() {
    PolicyReconciliation operator = operator();
    releases.publishList(7, "2026-05-15T00:00:00Z", "1.1.0 dev x86_64 " + RECALL_REASON);
    reconcileAndPersist(operator);
    releases.publishList(8, "2026-05-16T00:00:00Z", "1.1.0 dev x86_64 " + RECALL_REASON, "1.0.0 dev x86_64 old");
    clock.advance(Duration.ofHours(2));
    assertThat(reconcileAndPersist(operator).getStatus().revocationFloor.sequence).isEqualTo(8L);

    client.resources(TrustPolicy.class).withName("forge").edit(tp -> {
      tp.getSpec().images = List.of();
      return tp;
    });
    RevocationFloorStatus kept = reconcileAndPersist(operator).getStatus().revocationFloor;
    assertThat(kept.sequence).isEqualTo(8L);
    assertThat(kept.recalls).hasSize(2);
  }
}
