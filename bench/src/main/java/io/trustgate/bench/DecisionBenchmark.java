package io.trustgate.bench;

import io.trustgate.core.decision.Decision;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.sigstore.Verification;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.BundleVersion;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.core.workload.ImageOccurrence;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DESIGN §7: "decision for a Pod with 3 governed containers, evidence cached ≤ 20 µs" and "one
 * bundle verification, JIT warm, no network ≤ 2 ms".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  private PolicyRuntime runtime;
  private List<ImageOccurrence> pod;
  private Instant deadline;
  private BundleVerifier verifier;
  private byte[] document;
  private byte[] bundle;
  private byte[] legacyBundle;
  private SignerIdentity signer;

  @Setup
  public void setUp() {
    ReleaseWorld world = new ReleaseWorld();
    String a = world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    String b = world.release("0.13.0", "aarch64");
    world.release("0.13.0", "x86_64");
    world.publishList(3L, "2026-05-15T00:00:00Z", "0.13.0 dev x86_64 recalled; upgrade to 0.14.0");
    runtime = world.runtime(ReleaseWorld.compile("forge", ReleaseWorld.spec()));
    pod = List.of(
        new ImageOccurrence("spec.containers[0].image", ReleaseWorld.image("0.14.0", a)),
        new ImageOccurrence("spec.containers[1].image", ReleaseWorld.image("0.13.0", b)),
        new ImageOccurrence("spec.initContainers[0].image", ReleaseWorld.image("0.14.0", a)));
    deadline = Instant.now().plusSeconds(3600);
    if (!runtime.engine().decide(pod, deadline).allowed()) {
      throw new IllegalStateException("benchmark pod should be allowed");
    }

    verifier = world.verifier;
    document = ReleaseWorld.manifestJson("1.0.0", "dev", "x86_64", null, ReleaseWorld.digest("bench"));
    bundle = world.sigstore.sign(document,
        SignRequest.builder().identity(ReleaseWorld.releaseIdentity("1.0.0")).issuer(ReleaseWorld.ISSUER).build());
    signer = new SignerIdentity(IdentityMatcher.exact(ReleaseWorld.ISSUER),
        IdentityMatcher.exact(ReleaseWorld.releaseIdentity("1.0.0")));
    if (!verifier.verify(document, bundle, signer).verified()) {
      throw new IllegalStateException("benchmark bundle should verify");
    }
    legacyBundle = world.sigstore.sign(document,
        SignRequest.builder().identity(ReleaseWorld.releaseIdentity("1.0.0")).issuer(ReleaseWorld.ISSUER)
            .version(BundleVersion.LEGACY_COSIGN).build());
    if (!verifier.verify(document, legacyBundle, signer).verified()) {
      throw new IllegalStateException("benchmark legacy bundle should verify");
    }
  }

  /** Three governed containers, every manifest and the revocation list already verified. */
  @Benchmark
  public Decision cachedPodDecision() {
    return runtime.engine().decide(pod, deadline);
  }

  /** One full Sigstore bundle verification (chain, SCT, Rekor entry, checkpoint, signature). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Verification bundleVerification() {
    return verifier.verify(document, bundle, signer);
  }

  /** The same signing as a legacy cosign bundle (chain, SCT, SET, entry binding, signature). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Verification legacyBundleVerification() {
    return verifier.verify(document, legacyBundle, signer);
  }

  /** Parse a fresh TrustRoot and build a verifier: what a trust-root change costs. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public BundleVerifier verifierConstruction() {
    return new BundleVerifier(TrustRoot.fromJson(ReleaseWorldHolder.TRUSTED_ROOT, "bench"));
  }

  /** Holds the trusted root bytes once. */
  static final class ReleaseWorldHolder {
    static final byte[] TRUSTED_ROOT = new ReleaseWorld().sigstore.trustedRootJson();
  }
}
