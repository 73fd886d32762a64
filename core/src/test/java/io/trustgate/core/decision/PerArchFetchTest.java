package io.trustgate.core.decision;

import static io.trustgate.core.testing.ReleaseWorld.compile;
import static io.trustgate.core.testing.ReleaseWorld.image;
import static io.trustgate.core.testing.ReleaseWorld.manifestUrl;
import static io.trustgate.core.testing.ReleaseWorld.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.manifest.ManifestFetcher;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.ManualExecutor;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.ImageOccurrence;
import io.trustgate.core.workload.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A policy lists several arches (x86_64, then aarch64 by default): an image pinned by digest needs
 * only the manifests up to the one that lists it, an unpinned one needs all (fetched together),
 * and the fetches of one object's images run in parallel.
 */
class PerArchFetchTest {
  final ReleaseWorld world = new ReleaseWorld();

  PolicyRuntime forge() {
    world.publishList(1L, "2026-05-15T00:00:00Z");
    return world.runtime(compile("forge", spec()));
  }

  /** The runtime's policies over another manifest cache. */
  DecisionEngine engineOver(PolicyRuntime runtime, ManifestCache cache) {
    DecisionContext c = runtime.engine().context();
    return new DecisionEngine(runtime.policies(),
        new DecisionContext(cache, c.verifiers(), c.revocations(), c.hatches(), c.clock()));
  }

  static ImageExtraction pod(String... images) {
    List<ImageOccurrence> occurrences = new ArrayList<>();
    for (int i = 0; i < images.length; i++) {
      occurrences.add(new ImageOccurrence("spec.containers[" + i + "].image", images[i]));
    }
    return new ImageExtraction.Extracted(new Workload("v1", "Pod", "dev", "p", occurrences));
  }

  @Test
  void anImageListedInTheFirstArchNeverFetchesTheOthersWhenItsAnswerIsAtHand() {
    String x86 = world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    PolicyRuntime runtime = forge(); // fetches run on the calling thread: answers are at hand at once
    assertThat(world.decide(runtime, image("0.14.0", x86)).allowed()).isTrue();
    assertThat(world.evidence.fetchCount(manifestUrl("0.14.0", "dev", "x86_64"))).isEqualTo(1);
    assertThat(world.evidence.fetchCount(manifestUrl("0.14.0", "dev", "aarch64"))).isZero();
  }

  @Test
  void anImageOfALaterArchIsLookedForInTheEarlierOnesFirst() {
    world.release("0.14.0", "x86_64");
    String arm = world.release("0.14.0", "aarch64");
    Decision d = world.decide(forge(), image("0.14.0", arm));
    assertThat(d.allowed()).isTrue();
    assertThat(d.images().get(0).notes()).singleElement().asString().contains("0.14.0 dev/aarch64");
    assertThat(world.evidence.fetchCount(manifestUrl("0.14.0", "dev", "x86_64"))).isEqualTo(1);
    assertThat(world.evidence.fetchCount(manifestUrl("0.14.0", "dev", "aarch64"))).isEqualTo(1);
  }

  @Test
  void aNeverSeenReleaseFetchesTheLaterArchOnlyWhenTheEarlierDoesNotListTheImage() {
    String x86 = world.release("0.14.0", "x86_64");
    String arm = world.release("0.14.0", "aarch64");
    PolicyRuntime runtime = forge();
    ManualExecutor fetches = new ManualExecutor();
    DecisionEngine engine = engineOver(runtime,
        new ManifestCache(new ManifestFetcher(world.evidence), fetches, world.clock));

    DecisionEngine.Attempt first = engine.decideOrStart(pod(image("0.14.0", x86)), Instant.MAX);
    assertThat(first.decision()).isNull();
    assertThat(first.pending()).hasSize(1);
    assertThat(fetches.runAll()).isEqualTo(1);
    assertThat(engine.decideOrStart(pod(image("0.14.0", x86)), Instant.MAX).decision().allowed()).isTrue();
    assertThat(world.evidence.fetchCount(manifestUrl("0.14.0", "dev", "aarch64"))).isZero();

    DecisionEngine.Attempt armFirst = engine.decideOrStart(pod(image("0.14.0", arm)), Instant.MAX);
    assertThat(armFirst.pending()).as("x86_64 is known not to list it: aarch64 is next").hasSize(1);
    assertThat(fetches.runAll()).isEqualTo(1);
    assertThat(engine.decideOrStart(pod(image("0.14.0", arm)), Instant.MAX).decision().allowed()).isTrue();
  }

  @Test
  void whatAServerWaitsForCoversTheLaterArchesTooSoTheSecondJudgementNeverFetches() {
    world.release("0.15.0", "x86_64");
    String arm = world.release("0.15.0", "aarch64");
    PolicyRuntime runtime = forge();
    ManualExecutor fetches = new ManualExecutor();
    DecisionEngine engine = engineOver(runtime,
        new ManifestCache(new ManifestFetcher(world.evidence), fetches, world.clock));

    DecisionEngine.Attempt attempt = engine.decideOrStart(pod(image("0.15.0", arm)), Instant.MAX);
    assertThat(attempt.pending()).singleElement().satisfies(f -> assertThat(f).isNotDone());
    assertThat(fetches.runOne()).isTrue(); // x86_64 is in and does not list it: aarch64 is started
    assertThat(attempt.pending().get(0)).isNotDone();
    assertThat(fetches.queued()).isEqualTo(1);
    assertThat(fetches.runOne()).isTrue();
    assertThat(attempt.pending().get(0)).isDone();

    // What the webhook does after the wait: judge again, now without any fetch left to wait for.
    Decision d = engine.decide(pod(image("0.15.0", arm)), world.clock.instant());
    assertThat(d.allowed()).isTrue();
    assertThat(fetches.queued()).isZero();
  }

  @Test
  void anUnpinnedImageNeedsEveryArchAndFetchesThemTogether() {
    world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    var spec = spec();
    spec.requireDigest = false;
    world.publishList(1L, "2026-05-15T00:00:00Z");
    PolicyRuntime runtime = world.runtime(compile("forge", spec));
    ManualExecutor fetches = new ManualExecutor();
    DecisionEngine engine = engineOver(runtime,
        new ManifestCache(new ManifestFetcher(world.evidence), fetches, world.clock));
    DecisionEngine.Attempt first = engine.decideOrStart(pod(ReleaseWorld.IMAGE + ":v0.14.0"), Instant.MAX);
    assertThat(first.pending()).hasSize(2);
    assertThat(fetches.queued()).isEqualTo(2);
    fetches.runAll();
    Decision d = engine.decideOrStart(pod(ReleaseWorld.IMAGE + ":v0.14.0"), Instant.MAX).decision();
    assertThat(d.allowed()).isTrue();
    assertThat(d.images().get(0).notes()).hasSize(2);
  }

  @Test
  void anAbsentFirstArchIsAnsweredFromCacheWhileItIsRefreshed() {
    String arm = world.release("0.14.0", "aarch64"); // this release publishes no x86_64 manifest
    PolicyRuntime runtime = forge();
    ManualExecutor fetches = new ManualExecutor();
    DecisionEngine engine = engineOver(runtime,
        new ManifestCache(new ManifestFetcher(world.evidence), fetches, world.clock));
    engine.decideOrStart(pod(image("0.14.0", arm)), Instant.MAX);
    fetches.runAll();
    engine.decideOrStart(pod(image("0.14.0", arm)), Instant.MAX);
    fetches.runAll();
    assertThat(engine.decideOrStart(pod(image("0.14.0", arm)), Instant.MAX).decision().allowed()).isTrue();

    world.clock.advance(Duration.ofMinutes(1)); // the x86_64 404 is now stale
    DecisionEngine.Attempt later = engine.decideOrStart(pod(image("0.14.0", arm)), Instant.MAX);
    assertThat(later.pending()).as("decided at once, not waiting for the refetch").isEmpty();
    assertThat(later.decision().allowed()).isTrue();
    assertThat(fetches.queued()).as("the refetch runs in the background").isEqualTo(1);
  }

  @Test
  void theImagesOfOneObjectAreFetchedInParallelNotOneAfterAnother() throws Exception {
    int images = 12;
    String[] refs = new String[images];
    for (int i = 0; i < images; i++) {
      refs[i] = image("1." + i + ".0", world.release("1." + i + ".0", "x86_64"));
    }
    PolicyRuntime runtime = forge();
    // Each x86_64 manifest fetch waits until every image's fetch has started: a decide() that
    // waited for one image before starting the next would never get there.
    CountDownLatch allStarted = new CountDownLatch(images);
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      DecisionEngine engine = engineOver(runtime, new ManifestCache(new ManifestFetcher(url -> {
        if (url.endsWith("x86_64.manifest.json")) {
          allStarted.countDown();
          try {
            allStarted.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return world.evidence.fetch(url);
      }), pool, world.clock));
      Decision d = engine.decide(pod(refs), world.clock.instant().plus(Duration.ofSeconds(20)));
      assertThat(allStarted.getCount()).isZero();
      assertThat(d.allowed()).isTrue();
      assertThat(d.images()).hasSize(images).allSatisfy(v -> assertThat(v.findings()).isEmpty());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHundredImagePodStartsEveryFetchBeforeWaitingForAny() {
    String[] refs = new String[100];
    for (int i = 0; i < refs.length; i++) {
      refs[i] = image("2." + i + ".0", ReleaseWorld.digest("img" + i));
    }
    PolicyRuntime runtime = forge();
    ManualExecutor fetches = new ManualExecutor();
    DecisionEngine engine = engineOver(runtime,
        new ManifestCache(new ManifestFetcher(world.evidence), fetches, world.clock));
    DecisionEngine.Attempt attempt = engine.decideOrStart(pod(refs), Instant.MAX);
    assertThat(attempt.pending()).hasSize(100);
    assertThat(fetches.queued()).isEqualTo(100);
  }
}
