package io.trustgate.kube.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.TrustRootException;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.kube.testing.Eventually;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The override and the public-good root, without a cluster. */
class TrustRootsTest {
  final ReleaseWorld world = new ReleaseWorld();
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void anOverrideVerifiesForEveryRoot() {
    TrustRoots roots = TrustRoots.override(world.verifier);
    assertThat(roots.verifierFor(new TrustRootRef.PublicGood())).containsSame(world.verifier);
    assertThat(roots.verifierFor(new TrustRootRef.ConfigMap("ns", "roots", "trusted_root.json")))
        .containsSame(world.verifier);
    assertThat(roots.problem(new TrustRootRef.PublicGood())).isEmpty();
  }

  @Test
  void thePublicGoodRootIsBuiltInTheBackgroundAndRetriedAfterFailures() {
    AtomicBoolean online = new AtomicBoolean();
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger changes = new AtomicInteger();
    TrustRoots roots = TrustRoots.of(null, executor, () -> {
      attempts.incrementAndGet();
      if (!online.get()) {
        throw new TrustRootException("cannot obtain the Sigstore public-good trusted root through TUF: offline");
      }
      return world.verifier;
    }, Duration.ofMillis(10));
    roots.addListener(changes::incrementAndGet);
    TrustRootRef publicGood = new TrustRootRef.PublicGood();

    assertThat(roots.verifierFor(publicGood)).isEmpty();
    Eventually.await("an attempt failed", () -> roots.problem(publicGood)
        .filter(p -> p.contains("offline")).isPresent(), () -> roots.problem(publicGood).toString());
    assertThat(roots.verifierFor(publicGood)).isEmpty();
    assertThat(changes).hasValue(0);

    online.set(true);
    Eventually.await("a retry succeeded", () -> roots.verifierFor(publicGood).isPresent());
    assertThat(roots.verifierFor(publicGood)).containsSame(world.verifier);
    assertThat(roots.problem(publicGood)).isEmpty();
    assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
    assertThat(changes).hasValue(1);
  }

  @Test
  void nothingIsFetchedUntilAPolicyAsksForThePublicGoodRoot() {
    AtomicInteger attempts = new AtomicInteger();
    TrustRoots.of(null, executor, () -> {
      attempts.incrementAndGet();
      return world.verifier;
    }, Duration.ofMillis(10));
    assertThat(attempts).hasValue(0);
  }

  @Test
  void withoutAClusterAConfigMapRootIsUnavailableWithTheReason() {
    TrustRoots roots = TrustRoots.of(null, executor, () -> world.verifier, Duration.ofMillis(10));
    TrustRootRef ref = new TrustRootRef.ConfigMap("trustgate-system", "roots", "trusted_root.json");
    assertThat(roots.verifierFor(ref)).isEmpty();
    assertThat(roots.problem(ref)).hasValueSatisfying(p -> assertThat(p).contains("needs a cluster"));
  }

  @Test
  void aVerifierIsBuiltOncePerRoot() {
    AtomicInteger built = new AtomicInteger();
    TrustRoots roots = TrustRoots.of(null, executor, () -> {
      built.incrementAndGet();
      return new BundleVerifier(world.verifier.trustRoot());
    }, Duration.ofMillis(10));
    TrustRootRef publicGood = new TrustRootRef.PublicGood();
    for (int i = 0; i < 5; i++) {
      roots.verifierFor(publicGood);
    }
    Eventually.await("the verifier exists", () -> roots.verifierFor(publicGood).isPresent());
    BundleVerifier first = roots.verifierFor(publicGood).orElseThrow();
    assertThat(roots.verifierFor(publicGood)).containsSame(first);
    assertThat(built).hasValue(1);
  }
}
