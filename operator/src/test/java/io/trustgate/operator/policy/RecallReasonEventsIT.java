package io.trustgate.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.core.testing.ReleaseWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  private ReconciliationFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ReconciliationFixture(client, dir);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void escapesControlCharactersOfANewRecallInListAndPodEvents() {
    String digest = fixture.releases.release("1.1.0", "x86_64");
    fixture.runningPod("apps", "forge-1", ReleaseWorld.image("1.1.0", digest));
    fixture.releases.publishList(1, null);
    fixture.reconcile();

    fixture.releases.publishList(2, null, "1.1.0 dev x86_64 " + FORGED);
    fixture.clock.advance(Duration.ofHours(1));
    fixture.reconcile();

    List<Event> updated = fixture.events("default", "RevocationListUpdated");
    assertThat(updated).anySatisfy(e -> assertThat(e.getMessage()).contains("new recalls: 1.1.0 dev/x86_64: " + SHOWN));
    List<Event> recalled = fixture.events("apps", "ReleaseRecalled");
    assertThat(recalled).singleElement().satisfies(e -> assertThat(e.getMessage()).contains(SHOWN));
    assertThat(updated).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b"));
    assertThat(recalled.get(0).getMessage()).doesNotContain("\n").doesNotContain("\u001b").doesNotContain("\u202e");
  }
}
