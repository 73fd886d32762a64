package io.trustgate.bench;

import com.sun.net.httpserver.HttpServer;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.manifest.ManifestEvidence;
import io.trustgate.core.manifest.ManifestFetcher;
import io.trustgate.core.manifest.ManifestRequest;
import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.net.InetSocketAddress;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DESIGN §7: "cold path: manifest fetched from a loopback server + verified, p99 ≤ 50 ms". Each
 * operation fetches a manifest and its bundle over HTTP from 127.0.0.1 and verifies them, with no
 * cache. Sample mode reports percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The JDK's test HTTP server otherwise holds small responses back (Nagle vs delayed ACK,
// ~40 ms a request), which measures the server rather than trustgate.
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class ColdPathBenchmark {
  private HttpServer server;
  private ManifestFetcher fetcher;
  private ManifestRequest request;

  @Setup
  public void setUp() throws Exception {
    ReleaseWorld world = new ReleaseWorld();
    byte[] manifest = ReleaseWorld.manifestJson("1.0.0", "dev", "x86_64", null, ReleaseWorld.digest("cold"));
    byte[] bundle = world.sigstore.sign(manifest,
        SignRequest.builder().identity(ReleaseWorld.releaseIdentity("1.0.0")).issuer(ReleaseWorld.ISSUER).build());
    Map<String, byte[]> files = Map.of("/m.json", manifest, "/m.json.bundle", bundle);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
    server.createContext("/", ex -> {
      byte[] body = files.get(ex.getRequestURI().getPath());
      try (ex) {
        if (body == null) {
          ex.sendResponseHeaders(404, -1);
        } else {
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
        }
      }
    });
    server.start();
    fetcher = new ManifestFetcher(new HttpEvidenceSource(HttpEvidenceConfig.defaults()));
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/m.json";
    request = new ManifestRequest(url, new ReleaseCoordinates("1.0.0", "dev", "x86_64"),
        new SignerIdentity(IdentityMatcher.exact(ReleaseWorld.ISSUER),
            IdentityMatcher.exact(ReleaseWorld.releaseIdentity("1.0.0"))),
        world.verifier);
    if (!(fetcher.fetch(request) instanceof ManifestEvidence.Verified)) {
      throw new IllegalStateException("cold-path manifest should verify");
    }
  }

  @TearDown
  public void tearDown() {
    server.stop(0);
  }

  @Benchmark
  public ManifestEvidence fetchAndVerify() {
    return fetcher.fetch(request);
  }
}
