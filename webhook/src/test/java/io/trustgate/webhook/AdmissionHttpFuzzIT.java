package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.image.InvalidImageReferenceException;
import io.trustgate.core.manifest.ReleaseManifestParser;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.CompiledSelector;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.PolicyDocument;
import io.trustgate.core.policy.PolicyFiles;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.ImageOccurrence;
import io.trustgate.core.workload.WorkloadDocuments;
import io.trustgate.core.workload.WorkloadImages;
import io.trustgate.webhook.testing.WebhookHarness;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated AdmissionReviews against the real webhook over HTTPS (local mode on the committed
 * examples: 0.14.1 signed and listed, 0.13.0 dev x86_64 recalled, 0.12.0 dev x86_64 tampered).
 * The reviews start from the workloads of {@code examples/workloads.yaml} and are bent by
 * structure-aware mutations (images respelled, swapped, unpinned or garbled; kinds, operations,
 * subresources and fields changed; containers multiplied) and by byte mutations of the JSON.
 *
 * <p>Every answer: no 5xx, no slower than the deadline (plus a scheduling allowance), no stack
 * trace, and never {@code allowed: true} while the object holds a governed image that is not
 * pinned to a digest listed in a signed, unrecalled manifest of the release its tag names.
 *
 * <p>Bounded: {@code -Dtrustgate.fuzz.reviews} (default 150) reviews or {@code
 * -Dtrustgate.fuzz.seconds} (default 60), whichever ends first; {@code -Dtrustgate.fuzz.seed}
 * picks the mutations (default fixed, so CI is reproducible). See docs/fuzzing.md.
 */
class AdmissionHttpFuzzIT {
  static final Duration DEADLINE = Duration.ofSeconds(4);
  /** Scheduling allowance on a loaded machine: the deadline is the webhook's, not the client's. */
  static final Duration SLACK = Duration.ofSeconds(3);
  static final Path MIRROR = WebhookIT.EXAMPLES.resolve("mirror");

  @TempDir static Path dir;
  static WebhookHarness webhook;
  static CompiledPolicy policy;
  /** version -> variant -> digests listed in a manifest that is signed and not recalled. */
  static final Map<String, Map<String, Set<String>>> listed = new HashMap<>();
  static final List<JsonNode> workloads = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(WebhookIT.EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    webhook = new WebhookHarness(dir, policies, Optional.of(WebhookIT.EXAMPLES.resolve("trusted_root.json")),
        Optional.of(MIRROR), true, DEADLINE, EscapeHatches.none());
    for (int attempt = 1; ; attempt++) {
      try {
        webhook.awaitReady(Duration.ofSeconds(60));
        break;
      } catch (java.net.http.HttpConnectTimeoutException e) {
        if (attempt == 3) {
          throw e; // a loaded machine may miss one 5 s connect, not three
        }
      }
    }
    PolicyDocument doc = PolicyFiles.read(policies.resolve("policy.yaml")).get(0);
    policy = PolicyCompiler.compile(doc.name(), doc.spec()).policy().orElseThrow();
    workloads.addAll(WorkloadDocuments.readYaml(WebhookIT.EXAMPLES.resolve("workloads.yaml")));
    try (Stream<Path> files = Files.walk(MIRROR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".manifest.json")).toList()) {
        String version = f.getParent().getFileName().toString().substring(1);
        String name = f.getFileName().toString();
        String variant = name.substring(0, name.indexOf("-image-"));
        String arch = name.substring(name.indexOf("-image-") + 7, name.indexOf(".manifest.json"));
        boolean recalled = version.equals("0.13.0") && variant.equals("dev") && arch.equals("x86_64");
        boolean tampered = version.equals("0.12.0") && variant.equals("dev") && arch.equals("x86_64");
        if (recalled || tampered) {
          continue; // examples/README.md
        }
        ReleaseManifestParser.parse(Files.readAllBytes(f)).artifacts().forEach(a -> listed
            .computeIfAbsent(version, v -> new HashMap<>()).computeIfAbsent(variant, v -> new HashSet<>())
            .add(a.sha256()));
      }
    }
  }

  @AfterAll
  static void stop() {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void mutatedReviewsGetTimelyCleanAnswersAndNeverAllowUnsignedImages() throws Exception {
    int count = Integer.getInteger("trustgate.fuzz.reviews", 150);
    long seconds = Long.getLong("trustgate.fuzz.seconds", 60);
    long seed = Long.getLong("trustgate.fuzz.seed", 14L);
    Random random = new Random(seed);
    ReviewMutator mutator = new ReviewMutator(random);
    long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    int sent = 0;
    int allowed = 0;
    int statuses4xx = 0;
    while (sent < count && System.nanoTime() < until) {
      JsonNode workload = workloads.get(random.nextInt(workloads.size()));
      ObjectNode review = WebhookHarness.admissionReview(workload.deepCopy(), "CREATE");
      mutator.mutate(review);
      byte[] body = WebhookHarness.JSON.writeValueAsBytes(review);
      if (random.nextInt(4) == 0) {
        body = mutator.mutateBytes(body);
      }
      long started = System.nanoTime();
      HttpResponse<String> r = webhook.post("/validate", body, "application/json");
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String what = "seed " + seed + ", review " + sent + ": " + new String(body, StandardCharsets.UTF_8)
          + "\n-> HTTP " + r.statusCode() + " " + r.body();
      sent++;
      assertThat(r.statusCode()).as(what).isLessThan(500);
      assertThat(took).as(what).isLessThan(DEADLINE.plus(SLACK));
      assertThat(r.body()).as(what).doesNotContain("\tat ").doesNotContain("Exception");
      if (r.statusCode() != 200) {
        statuses4xx++;
        continue;
      }
      JsonNode response = WebhookHarness.JSON.readTree(r.body()).path("response");
      if (response.path("allowed").asBoolean(false)) {
        allowed++;
        assertOnlySignedAndListedGovernedImages(WebhookHarness.JSON.readTree(body).path("request"), what);
      }
    }
    System.out.printf("AdmissionHttpFuzzIT: %d reviews (seed %d): %d allowed, %d refused with 4xx%n",
        sent, seed, allowed, statuses4xx);
    assertThat(sent).isPositive();
  }

  /** The object as the apiserver stores it (kind from request.kind), judged independently. */
  static void assertOnlySignedAndListedGovernedImages(JsonNode request, String what) {
    String operation = request.path("operation").asText("");
    String subResource = request.path("subResource").asText("");
    if (operation.equals("DELETE") || operation.equals("CONNECT")
        || !(subResource.isEmpty() || subResource.equals("ephemeralcontainers")
            && request.path("kind").path("kind").asText("").equals("Pod"))
        || !(request.get("object") instanceof ObjectNode object)) {
      return;
    }
    ObjectNode asStored = object.deepCopy();
    String kind = request.path("kind").path("kind").asText("");
    if (!kind.isEmpty()) {
      asStored.put("kind", kind);
    }
    if (!(WorkloadImages.extract(asStored, Integer.MAX_VALUE) instanceof ImageExtraction.Extracted extracted)) {
      return;
    }
    for (ImageOccurrence occurrence : extracted.workload().images()) {
      ImageRef ref;
      try {
        ref = ImageRef.parse(occurrence.image());
      } catch (InvalidImageReferenceException e) {
        throw new AssertionError("allowed an unparseable image " + occurrence + "; " + what, e);
      }
      Optional<CompiledSelector> selector = policy.selectorFor(ref);
      if (selector.isEmpty()) {
        continue;
      }
      String version = policy.versionOf(ref.tag()).orElse(null);
      String sha = ref.sha256Hex().orElse(null);
      boolean ok = version != null && sha != null
          && listed.getOrDefault(version, Map.of()).getOrDefault(selector.get().variant(), Set.of()).contains(sha);
      assertThat(ok).as("allowed governed image %s that is not signed and listed; %s", occurrence, what).isTrue();
    }
  }

  /** Structure-aware and byte mutations of AdmissionReviews. */
  static final class ReviewMutator {
    static final List<String> IMAGES = List.of(
        "ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:ffcdcbe3d636c7fae9af8f71652fe4f0ad574c2eb7c804c2c6da77ef477187fa",
        "ghcr.io/acme-labs/forge-dev:v0.13.0@sha256:dd828db2ae56b4f0766d05abfe2e529eec406cbcfceb8302c4b87f224007a00a",
        "ghcr.io/acme-labs/forge-dev:v0.12.0@sha256:e0257c1f620d6f57ec16fc8d65777bce8375be37ca55bba8a54588a22aa676f6",
        "ghcr.io/acme-labs/forge-dev:v0.14.1",
        "ghcr.io/acme-labs/forge-dev@sha256:ffcdcbe3d636c7fae9af8f71652fe4f0ad574c2eb7c804c2c6da77ef477187fa",
        "ghcr.io/acme-labs/forge-builder:v0.14.1@sha256:786ea901cd8bccb419146142436260b0ed1e85531e7af918e4113684f96394c7",
        "ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:786ea901cd8bccb419146142436260b0ed1e85531e7af918e4113684f96394c7",
        "ghcr.io/acme-labs/forge-dev:v9.9.9@sha256:" + "0".repeat(64),
        "docker.io/library/busybox:1.36", "nginx:1.27", "", " ", "ghcr.io/acme-labs/forge-dev:",
        "ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:FFCDCBE3D636C7FAE9AF8F71652FE4F0AD574C2EB7C804C2C6DA77EF477187FA",
        "a".repeat(5000), "ghcr.io/acme-labs/forge-dev\u0000:v0.14.1", "ghcr.io/acme-labs/forge-dév:v0.14.1");
    static final List<String> KINDS = List.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
        "ReplicationController", "Job", "CronJob", "PodTemplate", "ConfigMap", "pod", "", "Deployment ");
    static final List<String> OPERATIONS = List.of("CREATE", "UPDATE", "DELETE", "CONNECT", "create", "");
    static final List<String> SUBRESOURCES = List.of("", "ephemeralcontainers", "status", "scale", "exec");

    private final Random random;

    ReviewMutator(Random random) {
      this.random = random;
    }

    void mutate(ObjectNode review) {
      int steps = 1 + random.nextInt(4);
      for (int i = 0; i < steps; i++) {
        mutateOnce(review);
      }
    }

    private void mutateOnce(ObjectNode review) {
      ObjectNode request = (ObjectNode) review.get("request");
      switch (random.nextInt(10)) {
        case 0, 1 -> replaceAnImage(review, respell(pick(IMAGES)));
        case 2 -> {
          String kind = pick(KINDS);
          if (random.nextBoolean()) {
            ((ObjectNode) request.with("kind")).put("kind", kind);
          }
          if (random.nextBoolean() && request.get("object") instanceof ObjectNode o) {
            o.put("kind", random.nextBoolean() ? kind : pick(KINDS));
          }
        }
        case 3 -> request.put("operation", pick(OPERATIONS));
        case 4 -> request.put("subResource", pick(SUBRESOURCES));
        case 5 -> multiplyContainers(review);
        case 6 -> replaceRandomNode(review);
        case 7 -> addImageElsewhere(review, respell(pick(IMAGES)));
        case 8 -> request.set("dryRun", random.nextBoolean() ? JsonNodeFactory.instance.textNode("true")
            : JsonNodeFactory.instance.booleanNode(random.nextBoolean()));
        default -> removeRandomField(review);
      }
    }

    byte[] mutateBytes(byte[] body) {
      byte[] out = body.clone();
      switch (random.nextInt(4)) {
        case 0 -> {
          for (int i = 0; i < 1 + random.nextInt(4); i++) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
          }
          return out;
        }
        case 1 -> {
          return java.util.Arrays.copyOf(out, random.nextInt(out.length));
        }
        case 2 -> {
          String text = new String(out, StandardCharsets.UTF_8);
          // A second "image" key in a container: the apiserver keeps one, the webhook must not judge the other.
          return text.replaceFirst("\"image\":(\"[^\"]*\")",
              "\"image\":$1,\"image\":\"" + pick(IMAGES).replace("\\", "") + "\"").getBytes(StandardCharsets.UTF_8);
        }
        default -> {
          int at = random.nextInt(out.length);
          String nest = "[".repeat(2000 + random.nextInt(3000));
          String text = new String(out, StandardCharsets.UTF_8);
          return (text.substring(0, Math.min(at, text.length())) + nest).getBytes(StandardCharsets.UTF_8);
        }
      }
    }

    /** Spellings docs/policy.md equates: host case, the default port, padded port. */
    private String respell(String image) {
      return switch (random.nextInt(4)) {
        case 0 -> image.replaceFirst("^ghcr\\.io/", "GHCR.IO/");
        case 1 -> image.replaceFirst("^ghcr\\.io/", "ghcr.io:443/");
        case 2 -> image.replaceFirst("^ghcr\\.io/", "Ghcr.Io:0443/");
        default -> image;
      };
    }

    private void replaceAnImage(ObjectNode review, String image) {
      List<ObjectNode> holders = new ArrayList<>();
      collectImageHolders(review, holders);
      if (!holders.isEmpty()) {
        ObjectNode holder = pick(holders);
        holder.put(holder.has("image") ? "image" : "reference", image);
      }
    }

    private void collectImageHolders(JsonNode node, List<ObjectNode> out) {
      if (node instanceof ObjectNode o) {
        if (o.get("image") != null && o.get("image").isTextual() || o.get("reference") != null) {
          out.add(o);
        }
        o.elements().forEachRemaining(e -> collectImageHolders(e, out));
      } else if (node instanceof ArrayNode a) {
        a.elements().forEachRemaining(e -> collectImageHolders(e, out));
      }
    }

    private void multiplyContainers(ObjectNode review) {
      List<ArrayNode> lists = new ArrayList<>();
      collectContainerLists(review, lists);
      if (lists.isEmpty()) {
        return;
      }
      ArrayNode list = pick(lists);
      if (list.isEmpty()) {
        return;
      }
      JsonNode template = list.get(0);
      int copies = random.nextBoolean() ? 1 + random.nextInt(3) : 300 + random.nextInt(300);
      for (int i = 0; i < copies; i++) {
        ObjectNode copy = template.deepCopy();
        copy.put("name", "c" + i);
        if (random.nextInt(4) == 0) {
          copy.put("image", respell(pick(IMAGES)));
        }
        list.add(copy);
      }
    }

    private void collectContainerLists(JsonNode node, List<ArrayNode> out) {
      if (node instanceof ObjectNode o) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
          var e = it.next();
          if (e.getValue() instanceof ArrayNode a
              && (e.getKey().equals("containers") || e.getKey().equals("initContainers"))) {
            out.add(a);
          }
          collectContainerLists(e.getValue(), out);
        }
      } else if (node instanceof ArrayNode a) {
        a.elements().forEachRemaining(e -> collectContainerLists(e, out));
      }
    }

    private void addImageElsewhere(ObjectNode review, String image) {
      List<ObjectNode> specs = new ArrayList<>();
      collectPodSpecs(review, specs);
      if (specs.isEmpty()) {
        return;
      }
      ObjectNode spec = pick(specs);
      switch (random.nextInt(3)) {
        case 0 -> spec.withArray("initContainers").addObject().put("name", "init").put("image", image);
        case 1 -> spec.withArray("ephemeralContainers").addObject().put("name", "debug").put("image", image);
        default -> spec.withArray("volumes").addObject().put("name", "img")
            .putObject("image").put("reference", image);
      }
    }

    private void collectPodSpecs(JsonNode node, List<ObjectNode> out) {
      if (node instanceof ObjectNode o) {
        if (o.get("containers") instanceof ArrayNode) {
          out.add(o);
        }
        o.elements().forEachRemaining(e -> collectPodSpecs(e, out));
      } else if (node instanceof ArrayNode a) {
        a.elements().forEachRemaining(e -> collectPodSpecs(e, out));
      }
    }

    private void replaceRandomNode(ObjectNode review) {
      List<ObjectNode> parents = new ArrayList<>();
      collectObjects(review, parents);
      ObjectNode parent = pick(parents);
      List<String> names = new ArrayList<>();
      parent.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty()) {
        return;
      }
      String name = pick(names);
      JsonNodeFactory f = JsonNodeFactory.instance;
      parent.set(name, switch (random.nextInt(6)) {
        case 0 -> f.nullNode();
        case 1 -> f.numberNode(random.nextLong());
        case 2 -> f.arrayNode().add(parent.get(name));
        case 3 -> f.objectNode();
        case 4 -> f.textNode("x".repeat(random.nextInt(10_000)));
        default -> f.booleanNode(true);
      });
    }

    private void removeRandomField(ObjectNode review) {
      List<ObjectNode> parents = new ArrayList<>();
      collectObjects(review, parents);
      ObjectNode parent = pick(parents);
      List<String> names = new ArrayList<>();
      parent.fieldNames().forEachRemaining(names::add);
      if (!names.isEmpty()) {
        parent.remove(pick(names));
      }
    }

    private void collectObjects(JsonNode node, List<ObjectNode> out) {
      if (node instanceof ObjectNode o) {
        out.add(o);
        o.elements().forEachRemaining(e -> collectObjects(e, out));
      } else if (node instanceof ArrayNode a) {
        a.elements().forEachRemaining(e -> collectObjects(e, out));
      }
    }

    private <T> T pick(List<T> items) {
      return items.get(random.nextInt(items.size()));
    }
  }
}
