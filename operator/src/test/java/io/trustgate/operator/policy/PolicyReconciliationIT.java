package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.api.v1alpha1.Skip;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.testing.MutableClock;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.operator.testing.LoopbackReleaseServer;
import io.trustgate.operator.testing.SignedReleases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One TrustPolicy reconciled step by step against a loopback release server that changes over
 * time, with time driven by a MutableClock; Events and Pods live in the mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyReconciliationIT {
  private static final String RECALL_REASON = "CVE-2026-0001 in nix daemon; upgrade to 1.2.0";

  KubernetesClient client;
  @TempDir Path dir;

  private ReconciliationFixture fixture;
  private LoopbackReleaseServer server;
  private SignedReleases releases;
  private MutableClock clock;
  private PolicyReconciliation reconciliation;
  private TrustPolicy policy;

  @BeforeEach
  void setUp() {
    fixture = new ReconciliationFixture(client, dir);
    server = fixture.server;
    releases = fixture.releases;
    clock = fixture.clock;
    reconciliation = fixture.reconciliation;
    policy = fixture.policy;
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /** The same with the list's bundle in cosign's legacy format. */
  @ParameterizedTest(name = "legacy bundle: {0}")
  @ValueSource(booleans = {false, true})
  void validPolicyIsReadyWithItsGenerationAndVerifiedList(boolean legacy) {
    releases.publishList(legacy, 7, "2026-05-15T00:00:00Z", "0.14.0 dev aarch64 " + RECALL_REASON);
    policy.getMetadata().setGeneration(3L);

    reconcile();

    assertThat(policy.getStatus().observedGeneration).isEqualTo(3L);
    assertCondition(Conditions.READY, "True", "Verified");
    assertCondition(Conditions.REVOCATION_LIST_CURRENT, "True", "Verified");
    assertCondition(Conditions.ESCAPE_HATCH_ACTIVE, "False", "NoneSet");
    assertThat(policy.getStatus().revocations.sequence).isEqualTo(7L);
    assertThat(policy.getStatus().revocations.entries).isEqualTo(1);
    assertThat(policy.getStatus().revocations.sha256).hasSize(64);
    assertThat(policy.getStatus().revocations.issuedAt).isEqualTo("2026-05-15T00:00:00Z");
    assertThat(policy.getStatus().revocations.fetchedAt).isEqualTo(ReleaseWorld.NOW.toString());
    assertThat(events("RevocationListUpdated")).singleElement().extracting(Event::getMessage).asString()
        .contains("sequence 7").contains(RECALL_REASON);
  }

  @Test
  void lastTransitionTimeStaysPutWhenNothingChanges() {
    releases.publishList(1, "2026-05-15T00:00:00Z");
    reconcile();
    String since = condition(Conditions.READY).getLastTransitionTime();

    clock.advance(Duration.ofMinutes(90));
    reconcile();

    assertThat(condition(Conditions.READY).getLastTransitionTime()).isEqualTo(since);
    assertThat(condition(Conditions.REVOCATION_LIST_CURRENT).getLastTransitionTime()).isEqualTo(since);
    assertThat(events("RevocationListUpdated")).hasSize(1);
  }

  @Test
  void invalidSpecIsNotReadyWithTheFieldPathAndAnEvent() {
    policy.getSpec().versionFromTag = "^v(?P<ver>[0-9.]+)$";
    policy.getSpec().images = List.of();

    PolicyReconciliation.Result result = reconcile();

    Condition ready = assertCondition(Conditions.READY, "False", "InvalidSpec");
    assertThat(ready.getMessage())
        .contains("spec.images: must list at least one image glob")
        .contains("; spec.versionFromTag: must have a named group (?P<version>...)");
    assertThat(result.requeueAfter()).isEmpty();
    assertThat(events("InvalidSpec")).singleElement().extracting(Event::getMessage).isEqualTo(ready.getMessage());

    reconcile();
    assertThat(events("InvalidSpec")).as("no event without a transition").hasSize(1);
  }

  @Test
  void fixingAnInvalidSpecMakesItReadyAgainWithANewTransitionTime() {
    policy.getSpec().images = List.of();
    reconcile();
    String brokenSince = condition(Conditions.READY).getLastTransitionTime();
    releases.publishList(1, null);

    clock.advance(Duration.ofMinutes(1));
    policy.getSpec().images = releases.spec().images;
    policy.getMetadata().setGeneration(2L);
    reconcile();

    assertCondition(Conditions.READY, "True", "Verified");
    assertThat(condition(Conditions.READY).getLastTransitionTime()).isNotEqualTo(brokenSince);
    assertThat(policy.getStatus().observedGeneration).isEqualTo(2L);
  }

  @Test
  void lintWarningsAppearInTheReadyMessageAndOnceAsAnEvent() {
    releases.publishList(1, null);
    policy.getSpec().manifests.signer.identityRegex = "https://github.com/acme-labs/.*";

    reconcile();
    reconcile();

    Condition ready = assertCondition(Conditions.READY, "True", "Verified");
    assertThat(ready.getMessage()).contains("warnings: ").contains("identityRegex");
    assertThat(events("PolicyWarnings")).hasSize(1);
  }

  @Test
  void newRecallRaisesSequenceAndEntries() {
    releases.publishList(1, "2026-05-01T00:00:00Z");
    reconcile();

    releases.publishList(2, "2026-05-15T00:00:00Z", "1.1.0 dev x86_64 " + RECALL_REASON);
    clock.advance(Duration.ofHours(1));
    reconcile();

    assertThat(policy.getStatus().revocations.sequence).isEqualTo(2L);
    assertThat(policy.getStatus().revocations.entries).isEqualTo(1);
    assertThat(events("RevocationListUpdated")).hasSize(2)
        .anySatisfy(e -> assertThat(e.getMessage()).contains("new recalls: 1.1.0 dev/x86_64").contains(RECALL_REASON));
  }

  @Test
  void refreshWaitsForTheIntervalAndRequeuesForIt() {
    releases.publishList(1, null);
    PolicyReconciliation.Result first = reconcile();
    releases.publishList(2, null, "1.1.0 dev x86_64 " + RECALL_REASON);

    clock.advance(Duration.ofMinutes(30));
    PolicyReconciliation.Result early = reconcile();

    assertThat(first.requeueAfter()).contains(Duration.ofHours(1));
    assertThat(early.requeueAfter()).contains(Duration.ofMinutes(30));
    assertThat(policy.getStatus().revocations.sequence).as("not refreshed before the interval").isEqualTo(1L);
  }

  @Test
  void rollbackIsRejectedAndTheOldListKept() {
    releases.publishList(5, "2026-05-15T00:00:00Z", "1.1.0 dev x86_64 " + RECALL_REASON);
    reconcile();

    releases.publishList(4, "2026-05-10T00:00:00Z");
    clock.advance(Duration.ofHours(1));
    reconcile();

    Condition current = assertCondition(Conditions.REVOCATION_LIST_CURRENT, "True", "Rollback");
    assertThat(current.getMessage()).contains("keeping sequence 5").contains("still using sequence 5");
    assertThat(policy.getStatus().revocations.sequence).isEqualTo(5L);
    assertThat(policy.getStatus().revocations.entries).isEqualTo(1);
    assertThat(policy.getStatus().revocations.lastError).contains("keeping sequence 5");
    assertThat(events("RevocationListRejected")).singleElement().extracting(Event::getMessage).asString()
        .contains("keeping sequence 5");
  }

  @ParameterizedTest(name = "legacy bundle: {0}")
  @ValueSource(booleans = {false, true})
  void listSignedByTheReleaseIdentityIsRejectedAsInvalid(boolean legacy) {
    policy.getSpec().revocations.signer.identity = ReleaseWorld.releaseIdentity("9.9.9");
    releases.publishList(legacy, 1, null);

    reconcile();

    assertCondition(Conditions.REVOCATION_LIST_CURRENT, "False", "Invalid");
    assertThat(events("RevocationListRejected")).singleElement().extracting(Event::getMessage).asString()
        .contains("IDENTITY_MISMATCH");
  }

  @Test
  void notFoundBeforeAnyListMeansNothingPublishedYet() {
    reconcile();

    Condition current = assertCondition(Conditions.REVOCATION_LIST_CURRENT, "True", "NotPublished");
    assertThat(current.getMessage()).contains("404").contains("no recalls published yet");
    assertThat(policy.getStatus().revocations.entries).isZero();
  }

  @Test
  void notFoundAfterAListIsUnavailableAndTheListIsKept() {
    releases.publishList(3, null, "1.1.0 dev x86_64 " + RECALL_REASON);
    reconcile();

    releases.withdrawList();
    clock.advance(Duration.ofHours(1));
    reconcile();

    Condition current = assertCondition(Conditions.REVOCATION_LIST_CURRENT, "True", "Unavailable");
    assertThat(current.getMessage()).contains("404 although a list was seen before").contains("still using sequence 3");
    assertThat(policy.getStatus().revocations.sequence).isEqualTo(3L);
    assertThat(policy.getStatus().revocations.entries).isEqualTo(1);
  }

  @Test
  void outagePastMaxStalenessMakesTheListStale() {
    releases.publishList(3, null);
    reconcile();
    server.down(true);

    clock.advance(Duration.ofHours(1));
    reconcile();
    assertCondition(Conditions.REVOCATION_LIST_CURRENT, "True", "Unavailable");
    assertThat(events("RevocationListStale")).isEmpty();

    clock.advance(Duration.ofMinutes(61));
    reconcile();

    Condition stale = assertCondition(Conditions.REVOCATION_LIST_CURRENT, "False", "Stale");
    assertThat(stale.getMessage()).contains("older than maxStaleness 2h").contains("denied");
    assertThat(events("RevocationListStale")).hasSize(1);
    assertThat(policy.getStatus().revocations.sequence).isEqualTo(3L);

    server.down(false);
    clock.advance(Duration.ofHours(1));
    reconcile();
    assertCondition(Conditions.REVOCATION_LIST_CURRENT, "True", "Verified");
  }

  @Test
  void escapeHatchSetsTheConditionAndWarnsOnce() {
    releases.publishList(1, null);
    reconcile();
    assertCondition(Conditions.ESCAPE_HATCH_ACTIVE, "False", "NoneSet");

    policy.getSpec().skip = new Skip();
    policy.getSpec().skip.hashVerify = true;
    reconcile();
    reconcile();

    Condition hatch = assertCondition(Conditions.ESCAPE_HATCH_ACTIVE, "True", "HashVerifySkipped");
    assertThat(hatch.getMessage()).contains("spec.skip.hashVerify").doesNotContain("cosignVerify");
    assertThat(events("EscapeHatchActivated")).singleElement().extracting(Event::getMessage).isEqualTo(hatch.getMessage());

    policy.getSpec().skip.hashVerify = false;
    reconcile();
    assertCondition(Conditions.ESCAPE_HATCH_ACTIVE, "False", "NoneSet");
  }

  @Test
  void skippingCosignVerifyAcceptsAnUnsignedListAndSaysSo() {
    server.put(SignedReleases.LIST_PATH, ReleaseWorld.listJson(9L, null, "1.1.0 dev x86_64 " + RECALL_REASON));
    policy.getSpec().skip = new Skip();
    policy.getSpec().skip.cosignVerify = true;

    reconcile();

    assertCondition(Conditions.REVOCATION_LIST_CURRENT, "True", "SignatureSkipped");
    Condition hatch = assertCondition(Conditions.ESCAPE_HATCH_ACTIVE, "True", "CosignVerifySkipped");
    assertThat(hatch.getMessage()).contains("spec.skip.cosignVerify").doesNotContain("hashVerify");
    assertThat(policy.getStatus().revocations.sequence).isEqualTo(9L);
    assertThat(events("EscapeHatchActivated")).hasSize(1);
  }

  @Test
  void unsignedListIsRejectedWhileSignaturesAreChecked() {
    server.put(SignedReleases.LIST_PATH, ReleaseWorld.listJson(9L, null));

    reconcile();

    Condition current = assertCondition(Conditions.REVOCATION_LIST_CURRENT, "False", "Invalid");
    assertThat(current.getMessage()).contains("no signature bundle");
    assertThat(policy.getStatus().revocations.sha256).isNull();
  }

  @Test
  void deletedPoliciesAreForgotten() {
    releases.publishList(1, null);
    reconcile();
    assertThat(reconciliation.remembered()).isEqualTo(1);

    reconciliation.retainOnly(java.util.Set.of("another"));

    assertThat(reconciliation.remembered()).isZero();
  }

  private PolicyReconciliation.Result reconcile() {
    return fixture.reconcile();
  }

  private static TrustPolicy policy(String name, TrustPolicySpec spec) {
    return ReconciliationFixture.policy(name, spec);
  }

  private Condition condition(String type) {
    return fixture.condition(type);
  }

  private Condition assertCondition(String type, String status, String reason) {
    return fixture.assertCondition(type, status, reason);
  }

  private List<Event> events(String reason) {
    return fixture.events("default", reason);
  }
}
