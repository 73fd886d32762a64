package io.trustgate.bench.coldpath;

import com.sun.net.httpserver.HttpServer;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import io.trustgate.api.v1alpha1.ManifestSource;
import io.trustgate.api.v1alpha1.Signer;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.DecisionContext;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.manifest.ManifestFetcher;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.workload.ImageOccurrence;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The cold-path comparison (bench/sections/40-coldpath.sh): first decision for a never-seen
 * release, with the manifest and its bundle served from a loopback HTTP server.
 *
 * <pre>
 * ColdPath fixtures DIR COUNT        releases 1.0.0 … 1.(COUNT-1).0 (dev, x86_64 and aarch64) signed by
 *                                    a private test Sigstore, laid out like a release mirror, plus
 *                                    DIR/trusted_root.json and DIR/releases.tsv (version, arch, digest)
 * ColdPath serve DIR PORT_FILE       serves DIR on 127.0.0.1 (ephemeral port, written to PORT_FILE)
 * ColdPath trustgate BASE DIR WARM N [arch]   trustgate: a decision per never-seen release
 * ColdPath sigstore-java BASE DIR WARM N      sigstore-java: fetch + KeylessVerifier.verify
 * </pre>
 *
 * Each client judges WARM releases unmeasured (JIT warm-up), then the next N, each once, and prints
 * {@code RESULT <name> p50_ms=… p99_ms=… cpu_ms=… n=…} (cpu_ms: process CPU time per release).
 */
public final class ColdPath {
  static final String PATH = "/acme-labs/forge/releases/download/v{version}/{variant}-image-{arch}.manifest.json";

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "fixtures" -> fixtures(Path.of(args[1]), Integer.parseInt(args[2]));
      case "serve" -> serve(Path.of(args[1]), Path.of(args[2]));
      case "trustgate" -> trustgate(args[1], Path.of(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), args.length > 5 ? args[5] : "x86_64");
      case "sigstore-java" -> sigstoreJava(args[1], Path.of(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      default -> {
        System.err.println("usage: ColdPath fixtures DIR COUNT | serve DIR PORT_FILE"
            + " | trustgate BASE DIR WARM N [arch] | sigstore-java BASE DIR WARM N");
        System.exit(2);
      }
    }
  }

  static String version(int i) {
    return "1." + i + ".0";
  }

  static String path(String version, String arch) {
    return PATH.replace("{version}", version).replace("{variant}", "dev").replace("{arch}", arch);
  }

  static void fixtures(Path dir, int count) throws IOException {
    ReleaseWorld world = new ReleaseWorld();
    world.sigstore.writeTrustedRoot(dir);
    StringBuilder tsv = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String v = version(i);
      for (String arch : List.of("x86_64", "aarch64")) {
        String digest = ReleaseWorld.digest(v + "/" + arch);
        byte[] manifest = ReleaseWorld.manifestJson(v, "dev", arch, ReleaseWorld.NOT_AFTER, digest);
        Path file = dir.resolve(path(v, arch).substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, manifest);
        Files.write(file.resolveSibling(file.getFileName() + ".bundle"), world.sigstore.sign(manifest,
            io.trustgate.core.testing.sigstore.SignRequest.builder().identity(ReleaseWorld.releaseIdentity(v))
                .issuer(ReleaseWorld.ISSUER).signedAt(ReleaseWorld.NOW.minus(Duration.ofDays(30))).build()));
        tsv.append(v).append('\t').append(arch).append('\t').append(digest).append('\n');
      }
    }
    Files.writeString(dir.resolve("releases.tsv"), tsv);
    Files.writeString(dir.resolve("identity.txt"),
        ReleaseWorld.ISSUER + "\n" + ReleaseWorld.releaseIdentity("{version}") + "\n");
    System.out.println("wrote " + count + " releases (2 arches each) to " + dir);
  }

  static void serve(Path dir, Path portFile) throws IOException {
    // The JDK server otherwise holds small responses back (Nagle vs delayed ACK, ~40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(Executors.newFixedThreadPool(4));
    Path root = dir.toAbsolutePath().normalize();
    server.createContext("/", ex -> {
      try (ex) {
        Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        byte[] body = Files.readAllBytes(file);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
    });
    server.start();
    Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
    System.out.println("serving " + root + " on 127.0.0.1:" + server.getAddress().getPort());
  }

  /** A policy like the example's (dev images, both arches, signer per tag), over the loopback server. */
  static void trustgate(String base, Path dir, int warm, int n, String arch) throws Exception {
    TrustPolicySpec spec = ReleaseWorld.spec();
    spec.manifests = new ManifestSource(base + PATH, spec.manifests.signer);
    spec.revocations = null;
    CompiledPolicy policy = ReleaseWorld.compile("forge", spec);
    BundleVerifier verifier = new BundleVerifier(TrustRoot.fromFile(dir.resolve(FakeSigstore.TRUSTED_ROOT_FILE)));
    Clock clock = Clock.systemUTC();
    // As the webhook wires it: HTTP evidence, the manifest cache, a fixed fetch pool of 8.
    ExecutorService fetches = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "trustgate-fetch");
      t.setDaemon(true);
      return t;
    });
    ManifestCache cache = new ManifestCache(
        new ManifestFetcher(new HttpEvidenceSource(HttpEvidenceConfig.defaults())), fetches, clock);
    DecisionEngine engine = new DecisionEngine(List.of(policy), new DecisionContext(cache,
        VerifierProvider.fixed(verifier), name -> java.util.Optional.empty(), EscapeHatches.none(), clock));
    Map<String, String> digests = digests(dir, arch);
    long[] times = new long[n];
    long cpu0 = 0;
    for (int i = 0; i < warm + n; i++) {
      if (i == warm) {
        cpu0 = processCpuNanos();
      }
      String v = version(i);
      String image = ReleaseWorld.IMAGE + ":v" + v + "@sha256:" + digests.get(v);
      long t0 = System.nanoTime();
      Decision d = engine.decide(List.of(new ImageOccurrence("spec.containers[0].image", image)),
          clock.instant().plusSeconds(10));
      long t = System.nanoTime() - t0;
      if (!d.allowed()) {
        throw new IllegalStateException("release " + v + " should be allowed: " + d.findings());
      }
      if (i >= warm) {
        times[i - warm] = t;
      }
    }
    report("trustgate-" + arch, times, processCpuNanos() - cpu0);
    fetches.shutdownNow();
  }

  static void sigstoreJava(String base, Path dir, int warm, int n) throws Exception {
    SigstoreTrustedRoot root;
    try (var in = Files.newInputStream(dir.resolve(FakeSigstore.TRUSTED_ROOT_FILE))) {
      root = SigstoreTrustedRoot.from(in);
    }
    KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long[] times = new long[n];
    long cpu0 = 0;
    for (int i = 0; i < warm + n; i++) {
      if (i == warm) {
        cpu0 = processCpuNanos();
      }
      String v = version(i);
      String url = base + path(v, "x86_64");
      long t0 = System.nanoTime();
      byte[] manifest = get(http, url);
      byte[] bundle = get(http, url + ".bundle");
      var options = VerificationOptions.builder()
          .addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
              .issuer(StringMatcher.string(ReleaseWorld.ISSUER))
              .subjectAlternativeName(StringMatcher.string(ReleaseWorld.releaseIdentity(v)))
              .build())
          .build();
      verifier.verify(MessageDigest.getInstance("SHA-256").digest(manifest),
          Bundle.from(new StringReader(new String(bundle, StandardCharsets.UTF_8))), options);
      long t = System.nanoTime() - t0;
      if (i >= warm) {
        times[i - warm] = t;
      }
    }
    report("sigstore-java", times, processCpuNanos() - cpu0);
  }

  static byte[] get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException(url + ": HTTP " + r.statusCode());
    }
    return r.body();
  }

  static Map<String, String> digests(Path dir, String arch) throws IOException {
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("releases.tsv"))) {
      String[] f = line.split("\t");
      if (f[1].equals(arch)) {
        out.put(f[0], f[2]);
      }
    }
    return out;
  }

  /** CPU time of the whole process (all threads), so work handed to other threads counts. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static void report(String name, long[] nanos, long cpuNanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(java.util.Locale.ROOT, "RESULT %s p50_ms=%.2f p99_ms=%.2f cpu_ms=%.2f n=%d%n",
        name, pct(s, 50) / 1e6, pct(s, 99) / 1e6, cpuNanos / 1e6 / s.length, s.length);
  }

  /** Nearest-rank percentile. */
  static long pct(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private ColdPath() {}

}
