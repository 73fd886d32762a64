package io.trustgate.webhook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.webhook.WebhookServer;
import io.trustgate.webhook.WebhookSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The real webhook over HTTPS on a random loopback port, and a client that trusts it. */
public final class WebhookHarness implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  public final TestTls tls = new TestTls();
  public final ApplicationContext context;
  public final HttpClient client;
  public final int port;

  /** Local mode: policies from a directory. */
  public WebhookHarness(Path workDir, Path policies, Optional<Path> trustedRoot, Optional<Path> mirrorDir,
      boolean offline, Duration deadline, EscapeHatches hatches) {
    this(workDir, Optional.of(policies), Optional.empty(), trustedRoot, mirrorDir, offline, deadline, hatches);
  }

  /** Local mode with the given serving limits; the deadline is derived from their webhook timeout. */
  public WebhookHarness(Path workDir, Path policies, Optional<Path> trustedRoot, Optional<Path> mirrorDir,
      boolean offline, io.trustgate.webhook.ServingLimits limits, Object... beans) {
    Path cert = workDir.resolve("tls.crt");
    Path key = workDir.resolve("tls.key");
    tls.writeServing(cert, key, "webhook");
    WebhookSettings settings = new WebhookSettings(0, cert, key, Duration.ofMillis(500), Optional.of(policies),
        Optional.empty(), trustedRoot, mirrorDir, "trustgate-system", offline, limits.derivedDeadline(), 3 << 20, 256, 4,
        limits);
    context = WebhookServer.start(settings, EscapeHatches.none(), java.util.Map.of(), beans);
    client = tls.client();
    port = WebhookServer.port(context);
  }

  /** Local mode when {@code policies} is set, otherwise cluster mode through {@code kubeconfig}. */
  public WebhookHarness(Path workDir, Optional<Path> policies, Optional<Path> kubeconfig, Optional<Path> trustedRoot,
      Optional<Path> mirrorDir, boolean offline, Duration deadline, EscapeHatches hatches) {
    Path cert = workDir.resolve("tls.crt");
    Path key = workDir.resolve("tls.key");
    tls.writeServing(cert, key, "webhook");
    WebhookSettings settings = new WebhookSettings(0, cert, key, Duration.ofMillis(500), policies,
        kubeconfig, trustedRoot, mirrorDir, "trustgate-system", offline, deadline, 3 << 20, 256, 4);
    context = WebhookServer.start(settings, hatches);
    client = tls.client();
    port = WebhookServer.port(context);
  }

  public URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, byte[] body, String contentType) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs an AdmissionReview for CREATE of the object and returns the parsed response. */
  public JsonNode review(JsonNode object) throws Exception {
    HttpResponse<String> r = post("/validate", JSON.writeValueAsBytes(admissionReview(object, "CREATE")), "application/json");
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** An AdmissionReview v1 request shaped like the apiserver's. */
  public static ObjectNode admissionReview(JsonNode object, String operation) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode req = review.putObject("request");
    req.put("uid", UUID.randomUUID().toString());
    String apiVersion = object.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
    String kind = object.path("kind").asText();
    String resource = kind.toLowerCase() + (kind.endsWith("s") ? "es" : "s");
    req.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    req.putObject("resource").put("group", group).put("version", version).put("resource", resource);
    req.set("requestKind", req.get("kind").deepCopy());
    req.set("requestResource", req.get("resource").deepCopy());
    req.put("name", object.path("metadata").path("name").asText());
    req.put("namespace", object.path("metadata").path("namespace").asText("default"));
    req.put("operation", operation);
    ObjectNode user = req.putObject("userInfo");
    user.put("username", "kubernetes-admin").put("uid", "8a1c");
    user.putArray("groups").add("system:masters").add("system:authenticated");
    req.set("object", object);
    req.putNull("oldObject");
    req.put("dryRun", false);
    req.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", "CreateOptions");
    return review;
  }

  /** Waits for /readyz to answer 200. */
  public void awaitReady(Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < until) {
      last = get("/readyz");
      if (last.statusCode() == 200) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("webhook not ready: " + (last == null ? "no answer" : last.body())
        + context.getBean(io.trustgate.webhook.Readiness.class).report().reasons());
  }

  @Override
  public void close() {
    context.close();
  }
}
