package io.trustgate.webhook.admission;

import static io.trustgate.webhook.admission.AdmissionWorld.GOOD;
import static io.trustgate.webhook.admission.AdmissionWorld.RECALLED;
import static io.trustgate.webhook.admission.AdmissionWorld.RECALL_MESSAGE;
import static io.trustgate.webhook.admission.AdmissionWorld.RECALL_REASON;
import static io.trustgate.webhook.admission.AdmissionWorld.allowedResponse;
import static io.trustgate.webhook.admission.AdmissionWorld.bytes;
import static io.trustgate.webhook.admission.AdmissionWorld.deniedResponse;
import static io.trustgate.webhook.admission.AdmissionWorld.fixture;
import static io.trustgate.webhook.admission.AdmissionWorld.fixtureTree;
import static io.trustgate.webhook.admission.AdmissionWorld.read;
import static io.trustgate.webhook.admission.AdmissionWorld.uidOf;
import static io.trustgate.webhook.admission.AdmissionWorld.withWarnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.ImageVerdict;
import io.trustgate.core.decision.Reason;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.decision.DecisionContext;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.manifest.ManifestFetcher;
import io.trustgate.core.runtime.PolicyRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionReviewHandlerTest {
  final AdmissionWorld world = new AdmissionWorld();

  JsonNode review(String fixture) throws InvalidAdmissionReviewException {
    return read(world.handler().handle(fixture(fixture)));
  }

  @Test
  void allowsPodWhoseGovernedImagesAreSignedAndCurrent() throws Exception {
    JsonNode response = review("pod-create.json");

    assertThat(response).isEqualTo(allowedResponse("1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9"));
    assertThat(world.onlyOutcome().decision().images())
        .extracting(v -> v.occurrence().fieldPath(), ImageVerdict::governed)
        .containsExactly(
            tuple("spec.containers[0].image", true),
            tuple("spec.containers[1].image", false),
            tuple("spec.initContainers[0].image", true));
  }

  @Test
  void writesTheEnvelopeInTheOrderTheApiserverDocumentsIt() throws Exception {
    String response = new String(world.handler().handle(fixture("pod-create.json")), StandardCharsets.UTF_8);

    assertThat(response).isEqualTo(
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
            + "\"response\":{\"uid\":\"1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9\",\"allowed\":true}}");
  }

  @Test
  void deniesDeploymentWithOneRecalledContainerQuotingTheRecallVerbatim() throws Exception {
    JsonNode response = review("deployment-create-recalled.json");

    assertThat(response).isEqualTo(deniedResponse("705ab4f5-6393-11e8-b7cc-42010a800002",
        "trustgate denied Deployment prod/web:\n"
            + "spec.template.spec.containers[1].image " + RECALLED + ": " + RECALL_MESSAGE));
    assertThat(response.at("/response/status/code").intValue()).isEqualTo(403);
    assertThat(response.at("/response/status/message").textValue()).contains(RECALL_REASON);
  }

  @Test
  void recalledReleasePastNotAfterIsDeniedWithTheRecallFirstThenTheExpiry() throws Exception {
    world.releases.clock.advance(Duration.ofDays(400)); // past every manifest's not_after
    JsonNode response = review("deployment-create-recalled.json");

    String message = response.at("/response/status/message").textValue();
    String recalled = "spec.template.spec.containers[1].image " + RECALLED + ": ";
    assertThat(message).contains(recalled + RECALL_MESSAGE);
    assertThat(message).contains(recalled + "release 0.13.0 dev/x86_64 expired at ");
    assertThat(message.indexOf(recalled + RECALL_MESSAGE)).isLessThan(message.indexOf(recalled + "release 0.13.0"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "statefulset-create.json,           StatefulSet prod/db,                spec.template.spec",
    "daemonset-create.json,             DaemonSet kube-system/node-agent,   spec.template.spec",
    "replicaset-create.json,            ReplicaSet prod/web-7d4b9c8f6d,     spec.template.spec",
    "replicationcontroller-create.json, ReplicationController prod/legacy,  spec.template.spec",
    "job-create.json,                   Job prod/migrate,                   spec.template.spec",
    "cronjob-create.json,               CronJob prod/nightly,               spec.jobTemplate.spec.template.spec",
    "podtemplate-create.json,           PodTemplate prod/forge-template,    template.spec",
  })
  void judgesThePodTemplateOfEveryWorkloadKindIncludingInitContainers(
      String fixture, String subject, String podSpec) throws Exception {
    JsonNode response = review(fixture);

    assertThat(response).isEqualTo(deniedResponse(uidOf(fixture),
        "trustgate denied " + subject + ":\n"
            + podSpec + ".initContainers[0].image " + RECALLED + ": " + RECALL_MESSAGE));
    assertThat(world.onlyOutcome().decision().images())
        .extracting(v -> v.occurrence().fieldPath())
        .containsExactly(podSpec + ".containers[0].image", podSpec + ".initContainers[0].image");
  }

  @Test
  void judgesEphemeralContainersAddedThroughTheSubresource() throws Exception {
    JsonNode response = review("pod-ephemeralcontainers-update.json");

    assertThat(response).isEqualTo(deniedResponse("4c5d6e7f-8a9b-4c0d-9e2f-3a4b5c6d7e8f",
        "trustgate denied Pod prod/web-7d4b9c8f6d-x2x7k:\n"
            + "spec.ephemeralContainers[0].image " + RECALLED + ": " + RECALL_MESSAGE));
    assertThat(world.onlyOutcome().request().subResource()).isEqualTo("ephemeralcontainers");
  }

  @Test
  void allowsOtherPodSubresourcesWithoutJudging() throws Exception {
    ObjectNode status = fixtureTree("pod-ephemeralcontainers-update.json");
    ((ObjectNode) status.get("request")).put("subResource", "status").put("requestSubResource", "status");

    JsonNode response = read(world.handler().handle(bytes(status)));

    assertThat(response).isEqualTo(allowedResponse("4c5d6e7f-8a9b-4c0d-9e2f-3a4b5c6d7e8f"));
    assertThat(world.onlyOutcome().judged()).isFalse();
    assertThat(world.engineReads).hasValue(0);
  }

  @Test
  void judgesAnUpdateOnTheNewObjectSoAnUpgradeAwayFromARecallIsAllowed() throws Exception {
    JsonNode response = review("deployment-update-upgrade.json");

    assertThat(response).isEqualTo(allowedResponse("8a9b0c1d-2e3f-4a4b-9c6d-7e8f9a0b1c2d"));
    assertThat(world.onlyOutcome().decision().images())
        .extracting(v -> v.occurrence().image())
        .containsExactly(GOOD, GOOD, "nginx:1.27");
  }

  @Test
  void judgesUnchangedImagesOnUpdateBecauseARecallMayHaveComeSince() throws Exception {
    JsonNode response = review("deployment-update-restart.json");

    assertThat(response).isEqualTo(deniedResponse("9b0c1d2e-3f4a-4b5c-8d7e-8f9a0b1c2d3e",
        "trustgate denied Deployment prod/web:\n"
            + "spec.template.spec.containers[1].image " + RECALLED + ": " + RECALL_MESSAGE));
  }

  @Test
  void answersDryRunLikeARealRequestAndTellsTheObserver() throws Exception {
    JsonNode response = review("pod-create-dryrun.json");

    assertThat(response).isEqualTo(deniedResponse("3b4c5d6e-7f8a-4b9c-8d1e-2f3a4b5c6d7e",
        "trustgate denied Pod prod/try-old:\nspec.containers[0].image " + RECALLED + ": " + RECALL_MESSAGE));
    assertThat(world.onlyOutcome().request().dryRun()).isTrue();
  }

  @Test
  void warnModePolicyAdmitsWithTheFindingAsAWarning() throws Exception {
    TrustPolicySpec spec = ReleaseWorld.spec();
    spec.mode = PolicyMode.Warn;
    AdmissionReviewHandler handler = world.handler(spec, EscapeHatches.none(), AdmissionSettings.defaults());

    JsonNode response = read(handler.handle(fixture("deployment-create-recalled.json")));

    assertThat(response).isEqualTo(withWarnings(allowedResponse("705ab4f5-6393-11e8-b7cc-42010a800002"),
        List.of("spec.template.spec.containers[1].image " + RECALLED + ": " + RECALL_MESSAGE)));
  }

  @Test
  void escapeHatchAdmitsWithAWarningPerImageItTouched() throws Exception {
    AdmissionReviewHandler handler =
        world.handler(ReleaseWorld.spec(), new EscapeHatches(true, false), AdmissionSettings.defaults());

    JsonNode response = read(handler.handle(fixture("pod-create.json")));

    List<Finding> warnings = world.onlyOutcome().decision().warnings();
    assertThat(warnings).extracting(Finding::reason).containsOnly(Reason.ESCAPE_HATCH);
    assertThat(warnings).extracting(Finding::fieldPath)
        .containsExactly("spec.containers[0].image", "spec.initContainers[0].image");
    assertThat(response).isEqualTo(withWarnings(allowedResponse("1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9"),
        warnings.stream().map(Finding::line).toList()));
    assertThat(response.at("/response/warnings/0").textValue())
        .startsWith("spec.containers[0].image " + GOOD + ": signature checks skipped by "
            + EscapeHatches.SKIP_COSIGN_ENV);
  }

  @Test
  void deniedObjectsStillCarryTheirWarnings() throws Exception {
    AdmissionReviewHandler handler =
        world.handler(ReleaseWorld.spec(), new EscapeHatches(false, true), AdmissionSettings.defaults());

    JsonNode response = read(handler.handle(fixture("deployment-create-recalled.json")));

    assertThat(response.at("/response/allowed").booleanValue()).isFalse();
    assertThat(response.at("/response/status/message").textValue()).endsWith(RECALL_MESSAGE);
    assertThat(response.at("/response/warnings")).hasSize(2).allSatisfy(w ->
        assertThat(w.textValue()).contains("digest-in-manifest check skipped by " + EscapeHatches.SKIP_HASH_ENV));
  }

  @Test
  void allowsUngovernedImagesWithoutWarnings() throws Exception {
    JsonNode response = review("pod-create-ungoverned.json");

    assertThat(response).isEqualTo(allowedResponse("2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"));
    assertThat(world.onlyOutcome().judged()).isTrue();
    assertThat(world.onlyOutcome().decision().images()).hasSize(2).noneMatch(ImageVerdict::governed);
  }

  @Test
  void allowsKindsWithoutAPodSpecWithoutAskingTheEngine() throws Exception {
    JsonNode response = review("configmap-create.json");

    assertThat(response).isEqualTo(allowedResponse("7f8a9b0c-1d2e-4f3a-8b5c-6d7e8f9a0b1c"));
    assertThat(world.onlyOutcome().judged()).isFalse();
    assertThat(world.onlyOutcome().decision().findings()).isEmpty();
    assertThat(world.engineReads).hasValue(0);
  }

  @Test
  void allowsDeleteWithoutJudgingTheOldObject() throws Exception {
    JsonNode response = review("pod-delete.json");

    assertThat(response).isEqualTo(allowedResponse("5d6e7f8a-9b0c-4d1e-8f3a-4b5c6d7e8f9a"));
    assertThat(world.onlyOutcome().judged()).isFalse();
    assertThat(world.onlyOutcome().request().operation()).isEqualTo("DELETE");
  }

  @Test
  void deniesAnObjectWithMoreImagesThanTheLimitAsAWhole() throws Exception {
    AdmissionReviewHandler handler = world.handler(
        ReleaseWorld.spec(), EscapeHatches.none(), new AdmissionSettings(Duration.ofSeconds(8), 2));

    JsonNode response = read(handler.handle(fixture("pod-create.json")));

    Finding tooMany = world.onlyOutcome().decision().objectFindings().get(0);
    assertThat(tooMany.reason()).isEqualTo(Reason.TOO_MANY_IMAGES);
    assertThat(response).isEqualTo(deniedResponse("1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
        "trustgate denied Pod prod/web-7d4b9c8f6d-x2x7k:\n" + tooMany.line()));
    assertThat(tooMany.line()).contains("Pod prod/web-7d4b9c8f6d-x2x7k lists 3 images, more than the limit of 2");
    assertThat(world.onlyOutcome().decision().images()).isEmpty();
  }

  @Test
  void trustsTheRequestKindOverTheObjectsOwn() throws Exception {
    ObjectNode tree = fixtureTree("deployment-create-recalled.json");
    ((ObjectNode) tree.at("/request/object")).put("kind", "ConfigMap");

    JsonNode response = read(world.handler().handle(bytes(tree)));

    assertThat(response.at("/response/allowed").booleanValue()).isFalse();
    assertThat(response.at("/response/status/message").textValue())
        .contains("spec.template.spec.containers[1].image " + RECALLED);
  }

  @Test
  void tellsTheObserverOnceWhoAndWhatWasReviewed() throws Exception {
    review("pod-create.json");

    ReviewOutcome outcome = world.onlyOutcome();
    // The ReplicaSet controller creates Pods by generateName: the request has no name, the object has.
    assertThat(outcome.request()).isEqualTo(new ReviewedRequest(
        "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "Pod", "", "CREATE", "prod", "web-7d4b9c8f6d-x2x7k", false));
    assertThat(outcome.judged()).isTrue();
    assertThat(outcome.allowed()).isTrue();
    assertThat(outcome.latency()).isPositive();
    assertThat(world.engineReads).hasValue(1);
  }

  @Test
  void readsTheEngineAfreshForEveryReview() throws Exception {
    AdmissionReviewHandler handler = world.handler();
    handler.handle(fixture("pod-create.json"));
    handler.handle(fixture("deployment-create-recalled.json"));

    assertThat(world.engineReads).hasValue(2);
    assertThat(world.observed).extracting(ReviewOutcome::allowed).containsExactly(true, false);
  }

  @Test
  void anEngineSupplierReturningNullIsAProgrammingErrorNotADenial() {
    AdmissionReviewHandler handler = new AdmissionReviewHandler(
        () -> null, AdmissionSettings.defaults(), AdmissionObserver.NONE, world.releases.clock);

    assertThatThrownBy(() -> handler.handle(fixture("pod-create.json")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("supplier returned null");
  }

  @Test
  void workUnfinishedAtTheDeadlineBecomesATimeoutDenial() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      PolicyRuntime runtime = world.releases.runtime(ReleaseWorld.compile("forge", ReleaseWorld.spec()));
      ManifestCache stalled = new ManifestCache(new ManifestFetcher(url -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new FetchResult.NotFound(url);
      }), pool, Clock.systemUTC());
      DecisionContext context = runtime.engine().context();
      DecisionEngine engine = new DecisionEngine(runtime.policies(), new DecisionContext(
          stalled, context.verifiers(), context.revocations(), context.hatches(), Clock.systemUTC()));
      AdmissionReviewHandler handler = world.handler(
          engine, new AdmissionSettings(Duration.ofMillis(300), 256), Clock.systemUTC());

      long started = System.nanoTime();
      JsonNode response = read(handler.handle(fixture("pod-create.json")));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(response.at("/response/allowed").booleanValue()).isFalse();
      assertThat(world.onlyOutcome().decision().denials()).extracting(Finding::reason).contains(Reason.TIMEOUT);
      assertThat(response.at("/response/status/message").textValue())
          .contains("spec.containers[0].image " + GOOD + ": ", "before the admission deadline");
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(3));
    } finally {
      never.countDown();
      pool.shutdownNow();
    }
  }
}
