package io.trustgate.core.decision;

import static io.trustgate.core.testing.ReleaseWorld.compile;
import static io.trustgate.core.testing.ReleaseWorld.image;
import static io.trustgate.core.testing.ReleaseWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.WorkloadImages;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Starting evidence without waiting, so a server can wait for it without holding a thread. */
class StartEvidenceTest {
  final ReleaseWorld world = new ReleaseWorld();
  final List<Runnable> queued = new ArrayList<>();

  ImageExtraction pod(String... images) throws Exception {
    var pod = new ObjectMapper().createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod").putObject("metadata").put("name", "p");
    var containers = pod.putObject("spec").putArray("containers");
    for (int i = 0; i < images.length; i++) {
      containers.addObject().put("name", "c" + i).put("image", images[i]);
    }
    return WorkloadImages.extract(pod, 16);
  }

  @Test
  void returnsUnfinishedFetchesWithoutRunningThemAndThenDecidesOnTheEvidence() throws Exception {
    world.executor = queued::add; // fetches wait until the test runs them
    String digest = world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    world.publishList(1L, null);
    PolicyRuntime runtime = world.runtime(compile("forge", spec()));
    ImageExtraction extraction = pod(image("0.14.0", digest), "nginx:1.27");

    List<CompletableFuture<?>> pending = runtime.engine().startEvidence(extraction);

    // The first arch's manifest only (it lists the digest, so aarch64 is never needed); none for nginx.
    assertThat(pending).hasSize(1).noneMatch(CompletableFuture::isDone);
    assertThat(queued).hasSize(1);
    queued.forEach(Runnable::run);
    assertThat(pending).allMatch(CompletableFuture::isDone);
    assertThat(runtime.engine().startEvidence(extraction)).isEmpty(); // cached now
    assertThat(queued).hasSize(1);
    assertThat(runtime.engine().decide(extraction, world.clock.instant()).allowed()).isTrue();
  }

  @Test
  void evidenceStillMissingAtTheDeadlineIsATimeoutWithoutWaiting() throws Exception {
    world.executor = queued::add; // never run: a hanging mirror
    String digest = world.release("0.14.0", "x86_64");
    world.publishList(1L, null);
    PolicyRuntime runtime = world.runtime(compile("forge", spec()));
    ImageExtraction extraction = pod(image("0.14.0", digest));
    assertThat(runtime.engine().startEvidence(extraction)).isNotEmpty();

    Decision late = runtime.engine().decide(extraction, world.clock.instant().minusSeconds(1));

    assertThat(late.allowed()).isFalse();
    assertThat(late.denials()).singleElement().extracting(Finding::reason).isEqualTo(Reason.TIMEOUT);
  }
}
