package io.trustgate.webhook.server;

import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.sigstore.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sigstore-java's first verification in a process costs most of a second, nearly all of it class
 * loading and initialisation (protobuf, BouncyCastle's provider, crypto). The webhook verifies an
 * embedded sample bundle once in each format before it reports ready, so the first real admission
 * does not pay that price inside the apiserver's deadline: once as a Sigstore bundle and once in
 * cosign's legacy bundle format ({@code legacy-bundle.json}, converted from {@code bundle.json}),
 * whose reading path differs.
 *
 * <p>Once each, not more: every extra round only drives the JIT compilers, which cost more CPU at
 * start (a 20-round warm-up spent about as much CPU in C2 as in the whole rest of the start) than
 * they save on the few verifications a release needs, and which the hot path, a cached decision,
 * does not need at all.
 */
public final class VerifierWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierWarmup.class);
  private static final int ROUNDS = 2;

  private volatile boolean done;

  /** Runs the warm-up; returns how long it took. Fails loudly if the sample does not verify. */
  public Duration run() {
    long start = System.nanoTime();
    byte[] artifact = resource("artifact.txt");
    byte[][] bundles = {resource("bundle.json"), resource("legacy-bundle.json")};
    BundleVerifier verifier = new BundleVerifier(TrustRoot.fromJson(resource("trusted_root.json"), "warm-up trust root"));
    SignerIdentity signer = new SignerIdentity(
        IdentityMatcher.exact("https://warmup.trustgate.invalid"), IdentityMatcher.exact("warmup@trustgate.invalid"));
    for (int i = 0; i < ROUNDS; i++) {
      Verification v = verifier.verify(artifact, bundles[i % bundles.length], signer);
      if (!v.verified()) {
        throw new IllegalStateException("verifier warm-up sample did not verify: " + v.message());
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    done = true;
    LOG.info("Sigstore verifier warmed up in {} ms ({} verifications)", took.toMillis(), ROUNDS);
    return took;
  }

  public boolean done() {
    return done;
  }

  private static byte[] resource(String name) {
    try (InputStream in = VerifierWarmup.class.getResourceAsStream("/warmup/" + name)) {
      if (in == null) {
        throw new IllegalStateException("warm-up resource /warmup/" + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
