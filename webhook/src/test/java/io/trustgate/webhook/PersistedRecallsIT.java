package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.trustgate.api.v1alpha1.RecallStatus;
import io.trustgate.api.v1alpha1.RevocationFloorStatus;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.api.v1alpha1.TrustPolicyStatus;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.format.Sha256;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.ReleaseSigner;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.webhook.testing.ReleaseServer;
import io.trustgate.webhook.testing.WebhookHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recalls survive webhook restarts and new replicas: the real webhook over HTTPS in cluster
 * mode (CRUD mock API server), a loopback release server, and the revocation floor the operator
 * wrote into the TrustPolicy status. The served list then goes back in time.
 */
@EnableKubernetesMockClient(crud = true)
class PersistedRecallsIT {
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  static final String LIST_IDENTITY = "https://github.com/acme/app/.github/workflows/revocations.yml@refs/heads/main";
  static final String REASON = "broken build; upgrade to 1.0.7";
  static final String LIST = "rel/revocations.json";

  /** How the served list goes back after the restart. */
  enum Rollback { LOWER_SEQUENCE, DROPS_THE_RECALL, NOT_FOUND }

  KubernetesClient client;
  @TempDir Path dir;
  ReleaseServer server;
  ReleaseSigner signer;
  Path trustedRoot;
  Path kubeconfig;
  final List<WebhookHarness> webhooks = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    FakeSigstore sigstore = FakeSigstore.create(7);
    Path files = Files.createDirectories(dir.resolve("files"));
    signer = new ReleaseSigner(sigstore, files);
    for (String v : List.of("1.0.0", "1.0.6")) {
      signer.write("rel/v" + v + "/dev-x86_64.json",
          ReleaseWorld.manifestJson(v, "dev", "x86_64", null, ReleaseWorld.digest(v)),
          SignRequest.builder().identity("https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v" + v)
              .issuer(ISSUER).build());
    }
    trustedRoot = sigstore.writeTrustedRoot(dir);
    server = new ReleaseServer(files);
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
        - name: mock
          context: {cluster: mock, user: tester}
        current-context: mock
        users:
        - name: tester
          user: {token: test}
        """.formatted(client.getConfiguration().getMasterUrl()));
  }

  @AfterEach
  void tearDown() {
    webhooks.forEach(WebhookHarness::close);
    server.close();
  }

  /** Publishes a signed list; entries as in {@link ReleaseWorld#listJson}. Returns its bytes. */
  byte[] publishList(long sequence, String issuedAt, String... entries) {
    byte[] list = ReleaseWorld.listJson(sequence, issuedAt, entries);
    signer.write(LIST, list, SignRequest.builder().identity(LIST_IDENTITY).issuer(ISSUER).build());
    return list;
  }

  String listUrl() {
    return server.base() + "/" + LIST;
  }

  TrustPolicySpec spec() throws Exception {
    return Serialization.unmarshal("""
        images: [{glob: "registry.example.test/acme/app", variant: dev}]
        arches: [x86_64]
        manifests:
          url: "%s/rel/v{version}/{variant}-{arch}.json"
          signer:
            issuer: "%s"
            identity: "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v{version}"
        revocations:
          url: "%s"
          signer: {issuer: "%s", identity: "%s"}
        """.formatted(server.base(), ISSUER, listUrl(), ISSUER, LIST_IDENTITY), TrustPolicySpec.class);
  }

  /** What the operator writes after verifying {@code list} (sequence 7, one recall). */
  RevocationFloorStatus floorOf(byte[] list) {
    RevocationFloorStatus floor = new RevocationFloorStatus();
    floor.url = listUrl();
    floor.sequence = 7L;
    floor.issuedAt = "2026-05-15T00:00:00Z";
    floor.sha256 = Sha256.hex(list);
    floor.acceptedAt = "2026-05-15T00:05:00Z";
    RecallStatus recall = new RecallStatus();
    recall.version = "1.0.6";
    recall.variant = "dev";
    recall.arch = "x86_64";
    recall.reason = REASON;
    recall.revokedAt = "2026-05-15T00:00:00Z";
    floor.recalls = List.of(recall);
    return floor;
  }

  void createPolicy() throws Exception {
    TrustPolicy policy = new TrustPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("app").build());
    policy.setSpec(spec());
    client.resource(policy).create();
  }

  void writeFloor(RevocationFloorStatus floor) {
    TrustPolicy stored = client.resources(TrustPolicy.class).withName("app").get();
    stored.setStatus(new TrustPolicyStatus());
    stored.getStatus().revocationFloor = floor;
    client.resource(stored).updateStatus();
  }

  WebhookHarness startWebhook() throws Exception {
    Path work = Files.createDirectories(dir.resolve("webhook-" + webhooks.size()));
    WebhookHarness webhook = new WebhookHarness(work, Optional.empty(), Optional.of(kubeconfig),
        Optional.of(trustedRoot), Optional.empty(), false, Duration.ofSeconds(8), EscapeHatches.none());
    webhooks.add(webhook);
    webhook.awaitReady(Duration.ofSeconds(30));
    return webhook;
  }

  JsonNode review(WebhookHarness webhook, String version) throws Exception {
    JsonNode pod = WebhookHarness.JSON.readTree("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app","namespace":"dev"},
         "spec":{"containers":[{"name":"app","image":"registry.example.test/acme/app:v%s@sha256:%s"}]}}
        """.formatted(version, ReleaseWorld.digest(version)));
    return webhook.review(pod).path("response");
  }

  void goBack(Rollback how) {
    switch (how) {
      case LOWER_SEQUENCE -> publishList(6, "2026-05-14T00:00:00Z");
      case DROPS_THE_RECALL -> publishList(8, "2026-05-16T00:00:00Z");
      case NOT_FOUND -> server.fault("/" + LIST, ReleaseServer.Fault.NOT_FOUND);
    }
  }

  @ParameterizedTest
  @EnumSource(Rollback.class)
  void aRestartedWebhookServedAnOlderListStillDeniesTheRecall(Rollback how) throws Exception {
    byte[] accepted = publishList(7, "2026-05-15T00:00:00Z", "1.0.6 dev x86_64 " + REASON);
    createPolicy();
    WebhookHarness first = startWebhook();
    awaitDenied(first, "1.0.6", "recalled by policy app: " + REASON);
    writeFloor(floorOf(accepted)); // as the operator does once it has verified sequence 7
    first.close();
    webhooks.remove(first);

    goBack(how);
    WebhookHarness restarted = startWebhook();

    JsonNode recalled = review(restarted, "1.0.6");
    assertThat(recalled.path("allowed").asBoolean()).isFalse();
    assertThat(recalled.at("/status/message").asText()).contains("recalled by policy app: " + REASON);
    JsonNode other = review(restarted, "1.0.0");
    assertThat(other.path("allowed").asBoolean()).as("fails closed until a list as new as the floor").isFalse();
    assertThat(other.at("/status/message").asText()).contains("policy app", switch (how) {
      case LOWER_SEQUENCE -> "sequence went back from 7 to 6";
      case DROPS_THE_RECALL -> "drops the accepted recall of 1.0.6 dev/x86_64";
      case NOT_FOUND -> "answered 404";
    });
  }

  @Test
  void twoReplicasFedTheSameStatusDecideTheSame() throws Exception {
    byte[] accepted = publishList(7, "2026-05-15T00:00:00Z", "1.0.6 dev x86_64 " + REASON);
    createPolicy();
    writeFloor(floorOf(accepted));
    goBack(Rollback.LOWER_SEQUENCE);

    WebhookHarness a = startWebhook();
    WebhookHarness b = startWebhook();

    for (String version : List.of("1.0.6", "1.0.0")) {
      JsonNode fromA = review(a, version);
      JsonNode fromB = review(b, version);
      assertThat(fromA.path("allowed").asBoolean()).as(version).isFalse();
      assertThat(fromB.path("allowed")).as(version).isEqualTo(fromA.path("allowed"));
      assertThat(fromB.at("/status/message")).as(version).isEqualTo(fromA.at("/status/message"));
    }
  }

  private void awaitDenied(WebhookHarness webhook, String version, String text) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < until) {
      last = review(webhook, version);
      if (!last.path("allowed").asBoolean() && last.at("/status/message").asText().contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not denied with \"" + text + "\"; last response: " + last);
  }
}
