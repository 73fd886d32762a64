package io.trustgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.webhook.admission.AdmissionObserver;
import io.trustgate.webhook.admission.AdmissionReviewHandler;
import io.trustgate.webhook.admission.AdmissionSettings;
import java.time.Clock;
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

/** DESIGN §7: "AdmissionReview bytes → response bytes (typical Deployment), cached ≤ 100 µs". */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {
  private AdmissionReviewHandler handler;
  private byte[] allowedDeployment;
  private byte[] deniedDeployment;

  @Setup
  public void setUp() throws Exception {
    ReleaseWorld world = new ReleaseWorld();
    String good = world.release("0.14.0", "x86_64");
    world.release("0.14.0", "aarch64");
    String recalled = world.release("0.13.0", "x86_64");
    world.release("0.13.0", "aarch64");
    world.publishList(3L, "2026-05-15T00:00:00Z", "0.13.0 dev x86_64 CVE-2026-0001; upgrade to 0.14.0");
    PolicyRuntime runtime = world.runtime(ReleaseWorld.compile("forge", ReleaseWorld.spec()));
    handler = new AdmissionReviewHandler(runtime::engine, AdmissionSettings.defaults(), AdmissionObserver.NONE,
        Clock.systemUTC());
    allowedDeployment = review(ReleaseWorld.image("0.14.0", good));
    deniedDeployment = review(ReleaseWorld.image("0.13.0", recalled));
    if (!new String(handler.handle(allowedDeployment)).contains("\"allowed\":true")
        || !new String(handler.handle(deniedDeployment)).contains("\"allowed\":false")) {
      throw new IllegalStateException("benchmark reviews do not decide as expected");
    }
  }

  /** A Deployment with an app container, a sidecar and an init container, as the apiserver sends it. */
  static byte[] review(String image) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"forge","namespace":"dev","uid":"1f0c","generation":3,
           "labels":{"app":"forge","team":"platform"},"annotations":{"deployment.kubernetes.io/revision":"3"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"forge"}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "template":{"metadata":{"labels":{"app":"forge"}},
             "spec":{"serviceAccountName":"forge","securityContext":{"runAsNonRoot":true},
               "initContainers":[{"name":"init","image":"IMAGE","command":["forge","migrate"]}],
               "containers":[
                 {"name":"forge","image":"IMAGE","ports":[{"containerPort":8080}],
                  "env":[{"name":"LOG_LEVEL","value":"info"},{"name":"MODE","value":"server"}],
                  "resources":{"requests":{"cpu":"100m","memory":"256Mi"},"limits":{"memory":"512Mi"}},
                  "readinessProbe":{"httpGet":{"path":"/ready","port":8080}}},
                 {"name":"proxy","image":"docker.io/library/nginx:1.27","ports":[{"containerPort":80}]}]}}}}
        """.replace("IMAGE", image);
    ObjectNode r = json.createObjectNode();
    r.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode req = r.putObject("request");
    req.put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002");
    req.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "Deployment");
    req.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "deployments");
    req.put("name", "forge").put("namespace", "dev").put("operation", "CREATE");
    req.putObject("userInfo").put("username", "ci-bot").putArray("groups").add("system:authenticated");
    req.set("object", json.readTree(deployment));
    req.put("dryRun", false);
    return json.writeValueAsBytes(r);
  }

  @Benchmark
  public byte[] allowedDeploymentReview() throws Exception {
    return handler.handle(allowedDeployment);
  }

  @Benchmark
  public byte[] deniedDeploymentReview() throws Exception {
    return handler.handle(deniedDeployment);
  }

  /**
   * The webhook's path: the review handed to a bounded two-thread pool (as the server does, off
   * the event loop) and the answer awaited. Compare with {@link #allowedDeploymentReview} for the
   * cost of the hand-off.
   */
  @Benchmark
  public byte[] allowedDeploymentReviewOnReviewPool() throws Exception {
    return handler.handle(allowedDeployment, java.time.Instant.now(), pool).get();
  }

  private final java.util.concurrent.ExecutorService pool = new java.util.concurrent.ThreadPoolExecutor(2, 2, 0,
      TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(256), r -> {
        Thread t = new Thread(r, "review");
        t.setDaemon(true);
        return t;
      });
}
