package io.trustgate.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.sigstore.Verification;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first verification in a fresh process, trustgate against plain sigstore-java on the same
 * bundle (bench/sections/20-startup.sh). One process per measurement:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.trustgate.bench.FirstVerification trustgate|sigstore-java \
 *     TRUSTED_ROOT ARTIFACT BUNDLE ISSUER IDENTITY
 * </pre>
 *
 * Both read the trusted root, the artifact and the bundle from files, build their verifier and
 * verify once (sigstore-java hashes the artifact file itself; trustgate gets its bytes). Prints one line: {@code <mode> <wall ms since JVM start> <process CPU ms>
 * <ms of the verification part>}; exits 1 if the bundle did not verify, so a broken comparison
 * is never reported as a fast one.
 */
public final class FirstVerification {
  private FirstVerification() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: FirstVerification trustgate|sigstore-java TRUSTED_ROOT ARTIFACT BUNDLE ISSUER IDENTITY");
      System.exit(2);
    }
    String mode = args[0];
    Path root = Path.of(args[1]);
    Path artifact = Path.of(args[2]);
    Path bundle = Path.of(args[3]);
    String issuer = args[4];
    String identity = args[5];
    long start = System.nanoTime();
    boolean verified = switch (mode) {
      case "trustgate" -> trustgate(root, artifact, bundle, issuer, identity);
      case "sigstore-java" -> sigstoreJava(root, artifact, bundle, issuer, identity);
      default -> throw new IllegalArgumentException("mode must be trustgate or sigstore-java, not " + mode);
    };
    long partMs = (System.nanoTime() - start) / 1_000_000;
    long wallMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long cpuMs = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    System.out.println(mode + " " + wallMs + " " + cpuMs + " " + partMs);
    if (!verified) {
      System.exit(1);
    }
  }

  private static boolean trustgate(Path root, Path artifact, Path bundle, String issuer, String identity)
      throws Exception {
    BundleVerifier verifier = new BundleVerifier(TrustRoot.fromFile(root));
    Verification v = verifier.verify(Files.readAllBytes(artifact), Files.readAllBytes(bundle),
        new SignerIdentity(IdentityMatcher.exact(issuer), IdentityMatcher.exact(identity)));
    if (!v.verified()) {
      System.err.println("trustgate: " + v.message());
    }
    return v.verified();
  }

  private static boolean sigstoreJava(Path root, Path artifact, Path bundle, String issuer, String identity)
      throws Exception {
    SigstoreTrustedRoot trusted;
    try (InputStream in = Files.newInputStream(root)) {
      trusted = SigstoreTrustedRoot.from(in);
    }
    KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(() -> trusted).build();
    VerificationOptions options = VerificationOptions.builder()
        .addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
            .issuer(StringMatcher.string(issuer))
            .subjectAlternativeName(StringMatcher.string(identity))
            .build())
        .build();
    try {
      verifier.verify(artifact, Bundle.from(bundle, StandardCharsets.UTF_8), options);
      return true;
    } catch (Exception e) {
      System.err.println("sigstore-java: " + e);
      return false;
    }
  }
}
