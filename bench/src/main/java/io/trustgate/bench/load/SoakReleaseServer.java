package io.trustgate.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The release server of the soak run: a loopback HTTP server holding one hot release and N cold
 * ones, each a release manifest signed by a fake Sigstore (the tests' {@link FakeSigstore}), plus a
 * signed revocation list. Writes, into an output directory, what the webhook and the generators
 * need: {@code trusted_root.json}, {@code policies/soak.yaml} (a TrustPolicy whose manifest and
 * revocation URLs point here), {@code hot.json} (an AdmissionReview of a Deployment running the hot
 * release) and {@code cold/NNN.json} (one per cold release, each never seen by the webhook).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.trustgate.bench.load.SoakReleaseServer OUT_DIR COLD_RELEASES</pre>
 *
 * Prints {@code serving on port N} when ready, then serves until killed.
 */
public final class SoakReleaseServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String HOT = "1.0.0";

  private SoakReleaseServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SoakReleaseServer OUT_DIR COLD_RELEASES");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int cold = Integer.parseInt(args[1]);
    // Small responses otherwise wait for delayed ACKs (Nagle), which would measure this server.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", exchange -> {
      byte[] body = files.get(exchange.getRequestURI().getPath());
      try (exchange) {
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
        }
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();

    FakeSigstore sigstore = FakeSigstore.create(11);
    Files.createDirectories(out.resolve("policies"));
    Files.createDirectories(out.resolve("cold"));
    sigstore.writeTrustedRoot(out);
    SignRequest listSigner = SignRequest.builder().identity(ReleaseWorld.REVOCATION_IDENTITY)
        .issuer(ReleaseWorld.ISSUER).signedAt(Instant.now().minus(Duration.ofMinutes(5))).build();
    byte[] list = ReleaseWorld.listJson(1L, Instant.now().minus(Duration.ofMinutes(5)).toString(),
        "0.9.0 dev x86_64 superseded: a recall no soak workload runs");
    files.put("/revocations/revoked-versions.json", list);
    files.put("/revocations/revoked-versions.json.bundle", sigstore.sign(list, listSigner));
    release(sigstore, files, out.resolve("hot.json"), HOT);
    for (int i = 0; i < cold; i++) {
      release(sigstore, files, out.resolve("cold").resolve(String.format("%03d.json", i)), "2.0." + i);
    }
    YAML.writeValue(out.resolve("policies/soak.yaml").toFile(), policy(base));
    System.out.println("serving on port " + server.getAddress().getPort());
    System.out.flush();
  }

  /** Publishes the signed x86_64 manifest of {@code version} and writes a review of a Deployment running it. */
  private static void release(FakeSigstore sigstore, Map<String, byte[]> files, Path review, String version)
      throws IOException {
    String digest = ReleaseWorld.digest(version + "/x86_64");
    byte[] manifest = ReleaseWorld.manifestJson(version, "dev", "x86_64", ReleaseWorld.NOT_AFTER, digest);
    String path = "/v" + version + "/dev-image-x86_64.manifest.json";
    files.put(path, manifest);
    files.put(path + ".bundle", sigstore.sign(manifest, SignRequest.builder()
        .identity(ReleaseWorld.releaseIdentity(version)).issuer(ReleaseWorld.ISSUER)
        .signedAt(ReleaseWorld.NOW.minus(Duration.ofDays(30))).build()));
    JSON.writeValue(review.toFile(), review(version, ReleaseWorld.image(version, digest)));
  }

  private static Map<String, Object> policy(String base) {
    return Map.of("apiVersion", "trustgate.io/v1alpha1", "kind", "TrustPolicy",
        "metadata", Map.of("name", "soak"),
        "spec", Map.of(
            "mode", "Enforce",
            "images", List.of(Map.of("glob", ReleaseWorld.IMAGE + "*", "variant", "dev")),
            "arches", List.of("x86_64"),
            "manifests", Map.of("url", base + "/v{version}/{variant}-image-{arch}.manifest.json",
                "signer", Map.of("issuer", ReleaseWorld.ISSUER, "identityRegex",
                    "https://github\\.com/acme-labs/forge/\\.github/workflows/release\\.yml@refs/tags/v{version}")),
            "revocations", Map.of("url", base + "/revocations/revoked-versions.json",
                "signer", Map.of("issuer", ReleaseWorld.ISSUER, "identity", ReleaseWorld.REVOCATION_IDENTITY)),
            "requireDigest", true));
  }

  private static ObjectNode review(String version, String image) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", java.util.UUID.randomUUID().toString());
    request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "Deployment");
    request.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "deployments");
    String name = "forge-" + version.replace('.', '-');
    request.put("name", name).put("namespace", "soak").put("operation", "CREATE").put("dryRun", false);
    request.putObject("userInfo").put("username", "ci");
    ObjectNode object = request.putObject("object");
    object.put("apiVersion", "apps/v1").put("kind", "Deployment");
    object.putObject("metadata").put("name", name).put("namespace", "soak");
    ObjectNode spec = object.putObject("spec");
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    template.putObject("spec").putArray("containers").addObject().put("name", "forge").put("image", image);
    return review;
  }
}
