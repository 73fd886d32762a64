package io.trustgate.bench;

import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.workload.ImageOccurrence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue target "1,000 policies cost ≤ 2× one": the cached, allowed decision of
 * {@link DecisionBenchmark#cachedPodDecision} with the governing policy alone, and among 999
 * others that govern other registries and organisations (ghcr.io, docker.io, quay.io and private
 * registries, as a large cluster's policies would).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyCountBenchmark {
  @Param({"1", "1000"})
  public int policies;

  private PolicyRuntime runtime;
  private List<ImageOccurrence> pod;
  private Instant deadline;

  @Setup
  public void setUp() {
    ReleaseWorld world = new ReleaseWorld();
    String a = world.release("0.14.0", "x86_64");
    String b = world.release("0.13.0", "x86_64");
    world.publishList(3L, "2026-05-15T00:00:00Z", "0.12.0 dev x86_64 recalled; upgrade to 0.14.0");
    List<CompiledPolicy> all = new ArrayList<>();
    all.add(ReleaseWorld.compile("forge", ReleaseWorld.spec()));
    for (int i = 1; i < policies; i++) {
      all.add(ReleaseWorld.compile("other-" + i, other(i)));
    }
    runtime = world.runtime(all.toArray(CompiledPolicy[]::new));
    pod = List.of(
        new ImageOccurrence("spec.containers[0].image", ReleaseWorld.image("0.14.0", a)),
        new ImageOccurrence("spec.containers[1].image", ReleaseWorld.image("0.13.0", b)),
        new ImageOccurrence("spec.initContainers[0].image", ReleaseWorld.image("0.14.0", a)));
    deadline = Instant.now().plusSeconds(3600);
    Decision d = runtime.engine().decide(pod, deadline);
    if (!d.allowed()) {
      throw new IllegalStateException("benchmark pod should be allowed: " + d);
    }
  }

  /** A policy for another registry or organisation, without a revocation list of its own. */
  static TrustPolicySpec other(int i) {
    TrustPolicySpec spec = ReleaseWorld.spec();
    String glob = switch (i % 4) {
      case 0 -> "ghcr.io/org" + i + "/*";
      case 1 -> "docker.io/vendor" + i + "/**";
      case 2 -> "quay.io/team" + i + "/app*";
      default -> "registry" + i + ".example.com/**";
    };
    spec.images = List.of(new ImageSelector(glob, "dev"));
    spec.revocations = null;
    return spec;
  }

  /** Three governed containers, every manifest and the revocation list already verified. */
  @Benchmark
  public Decision cachedPodDecision() {
    return runtime.engine().decide(pod, deadline);
  }
}
