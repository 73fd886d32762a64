package io.trustgate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's path: parse and judge on an executor, wait for evidence without holding a thread. */
class AsyncAdmissionTest {
  final AdmissionWorld world = new AdmissionWorld();
  final List<Runnable> reviewQueue = java.util.Collections.synchronizedList(new ArrayList<>());
  final Executor reviews = reviewQueue::add;

  @Test
  void answersFromCacheInOneStepOnTheExecutor() throws Exception {
    AdmissionReviewHandler handler = withCachedEvidence();

    CompletableFuture<byte[]> answer = handler.handle(AdmissionWorld.fixture("pod-create.json"), Instant.now(), reviews);

    assertThat(answer).isNotDone();
    runQueued();
    assertThat(AdmissionWorld.read(answer.get()).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  void lateEvidenceIsATimeoutAtTheDeadlineWithNoThreadHeldMeanwhile() throws Exception {
    world.releases.executor = task -> { }; // fetches never finish: a hanging mirror
    AdmissionReviewHandler handler = world.handler(world.engine(io.trustgate.core.testing.ReleaseWorld.spec(),
        io.trustgate.core.decision.EscapeHatches.none()), new AdmissionSettings(Duration.ofMillis(300), 16),
        world.releases.clock);

    CompletableFuture<byte[]> answer =
        handler.handle(AdmissionWorld.fixture("pod-create.json"), world.releases.clock.instant(), reviews);
    runQueued(); // parses and starts the fetches, then returns: no thread waits for them
    assertThat(reviewQueue).isEmpty();
    assertThat(answer).isNotDone();

    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reviewQueue.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(10); // the 300 ms wait ends on a timer and queues the decision
    }
    world.releases.clock.advance(Duration.ofSeconds(1)); // the engine's clock, too, is past the deadline
    runQueued();
    JsonNode response = AdmissionWorld.read(answer.get(10, TimeUnit.SECONDS)).path("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText()).contains("before the admission deadline");
  }

  @Test
  void aCachedReviewIsAnsweredOnTheCallingThreadWithoutTheExecutor() throws Exception {
    AdmissionReviewHandler handler = withCachedEvidence();

    CompletableFuture<byte[]> answer =
        handler.handleHere(AdmissionWorld.fixture("pod-create.json"), Instant.now(), reviews, 16);

    assertThat(answer).isDone();
    assertThat(reviewQueue).isEmpty();
    assertThat(AdmissionWorld.read(answer.get()).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  void aReviewWaitingForEvidenceStartsItHereAndIsDecidedOnTheExecutor() throws Exception {
    List<Runnable> fetches = java.util.Collections.synchronizedList(new ArrayList<>());
    world.releases.executor = fetches::add; // fetches run only when the test says so
    AdmissionReviewHandler handler = world.handler();

    CompletableFuture<byte[]> answer =
        handler.handleHere(AdmissionWorld.fixture("pod-create.json"), Instant.now(), reviews, 16);

    assertThat(answer).isNotDone();
    assertThat(fetches).as("fetches started on the calling thread").isNotEmpty();
    assertThat(reviewQueue).as("nothing to judge until the evidence is in").isEmpty();
    while (!fetches.isEmpty()) {
      fetches.remove(0).run();
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reviewQueue.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(answer).isNotDone();
    runQueued(); // the decision runs on the executor, not on the thread that received the review
    assertThat(AdmissionWorld.read(answer.get(10, TimeUnit.SECONDS)).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  void aReviewWithMoreImagesThanTheBoundIsJudgedOnTheExecutor() throws Exception {
    AdmissionReviewHandler handler = withCachedEvidence();

    CompletableFuture<byte[]> answer =
        handler.handleHere(AdmissionWorld.fixture("pod-create.json"), Instant.now(), reviews, 1);

    assertThat(answer).isNotDone();
    assertThat(reviewQueue).hasSize(1);
    runQueued();
    assertThat(AdmissionWorld.read(answer.get()).at("/response/allowed").asBoolean()).isTrue();
  }

  @Test
  void anInvalidBodyReceivedHereCompletesExceptionallyWithTheReason() {
    CompletableFuture<byte[]> answer = world.handler().handleHere("[]".getBytes(), Instant.now(), reviews, 16);

    assertThat(answer).isCompletedExceptionally();
    assertThat(reviewQueue).isEmpty();
    assertThat(answer).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(InvalidAdmissionReviewException.class);
  }

  @Test
  void invalidBodiesCompleteExceptionallyWithTheReason() {
    CompletableFuture<byte[]> answer = world.handler().handle("{".getBytes(), Instant.now(), Runnable::run);

    assertThat(answer).isCompletedExceptionally();
    try {
      answer.get();
    } catch (InterruptedException | ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(InvalidAdmissionReviewException.class)
          .hasMessageContaining("not valid JSON");
    }
  }

  /** A handler that has judged pod-create.json once, so its evidence is cached. */
  private AdmissionReviewHandler withCachedEvidence() throws Exception {
    AdmissionReviewHandler handler = world.handler();
    handler.handle(AdmissionWorld.fixture("pod-create.json"));
    return handler;
  }

  private void runQueued() {
    while (true) {
      Runnable next;
      synchronized (reviewQueue) {
        if (reviewQueue.isEmpty()) {
          return;
        }
        next = reviewQueue.remove(0);
      }
      next.run();
    }
  }
}
