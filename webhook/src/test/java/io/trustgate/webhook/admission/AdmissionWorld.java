package io.trustgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.testing.ReleaseWorld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Admission tests' world: a signed release set (0.14.0 good on both arches, 0.13.0 x86_64
 * recalled), the apiserver-shaped fixtures under {@code /admission/}, and a handler over a real
 * engine that records what its observer was told.
 */
final class AdmissionWorld {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The fixtures name these images literally, as a user's manifests would. */
  static final String GOOD = ReleaseWorld.image("0.14.0", ReleaseWorld.digest("0.14.0/x86_64"));
  static final String RECALLED = ReleaseWorld.image("0.13.0", ReleaseWorld.digest("0.13.0/x86_64"));
  static final String RECALL_REASON = "CVE-2026-0001 in nix daemon; upgrade to 0.14.1";
  static final String RECALL_MESSAGE =
      "recalled by policy forge: " + RECALL_REASON + " (0.13.0 dev/x86_64, revoked 2026-05-15T00:00:00Z)";

  final ReleaseWorld releases = new ReleaseWorld();
  final List<ReviewOutcome> observed = new ArrayList<>();
  final AtomicInteger engineReads = new AtomicInteger();

  AdmissionWorld() {
    releases.release("0.14.0", "x86_64");
    releases.release("0.14.0", "aarch64");
    releases.release("0.13.0", "x86_64");
    releases.publishList(7L, "2026-05-15T00:00:00Z", "0.13.0 dev x86_64 " + RECALL_REASON);
  }

  /** The "forge" policy as ReleaseWorld defines it, enforcing. */
  AdmissionReviewHandler handler() {
    return handler(ReleaseWorld.spec(), EscapeHatches.none(), AdmissionSettings.defaults());
  }

  AdmissionReviewHandler handler(TrustPolicySpec spec, EscapeHatches hatches, AdmissionSettings settings) {
    return handler(engine(spec, hatches), settings);
  }

  /** An engine over one policy named "forge", its revocation list loaded. */
  DecisionEngine engine(TrustPolicySpec spec, EscapeHatches hatches) {
    PolicyRuntime runtime = releases.runtime(hatches, ReleaseWorld.compile("forge", spec));
    return runtime.engine();
  }

  AdmissionReviewHandler handler(DecisionEngine engine, AdmissionSettings settings) {
    return handler(engine, settings, releases.clock);
  }

  AdmissionReviewHandler handler(DecisionEngine engine, AdmissionSettings settings, Clock clock) {
    Supplier<DecisionEngine> engines = () -> {
      engineReads.incrementAndGet();
      return engine;
    };
    return new AdmissionReviewHandler(engines, settings, observed::add, clock);
  }

  ReviewOutcome onlyOutcome() {
    if (observed.size() != 1) {
      throw new AssertionError("expected one observed review, got " + observed.size());
    }
    return observed.get(0);
  }

  static byte[] fixture(String name) {
    try (InputStream in = AdmissionWorld.class.getResourceAsStream("/admission/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /admission/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture as a tree, for tests that bend one field of an otherwise real review. */
  static ObjectNode fixtureTree(String name) {
    return (ObjectNode) read(fixture(name));
  }

  static byte[] bytes(JsonNode review) {
    try {
      return JSON.writeValueAsBytes(review);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The response an allowed review without warnings gets, exactly. */
  static ObjectNode allowedResponse(String uid) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.putObject("response").put("uid", uid).put("allowed", true);
    return review;
  }

  /** The response a denied review without warnings gets, exactly. */
  static ObjectNode deniedResponse(String uid, String message) {
    ObjectNode review = allowedResponse(uid);
    ObjectNode response = (ObjectNode) review.get("response");
    response.put("allowed", false);
    response.putObject("status").put("code", 403).put("reason", "Forbidden").put("message", message);
    return review;
  }

  static ObjectNode withWarnings(ObjectNode review, List<String> warnings) {
    ObjectNode response = (ObjectNode) review.get("response");
    warnings.forEach(response.putArray("warnings")::add);
    return review;
  }

  static String uidOf(String fixture) {
    return fixtureTree(fixture).path("request").path("uid").textValue();
  }
}
