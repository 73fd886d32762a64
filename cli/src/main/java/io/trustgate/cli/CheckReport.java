package io.trustgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.ImageVerdict;
import io.trustgate.core.workload.Workload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of {@code trustgate check}: one line (or JSON object) per container image, plus one
 * per object-level finding. Text and JSON are built from the same {@link Result}s so they say
 * the same things.
 */
final class CheckReport {
  static final String NOT_GOVERNED = "not governed by any policy";

  record Entry(Workload workload, Decision decision) {}

  /**
   * One judged container image, or (image null) a finding about the whole object.
   *
   * @param notes what was verified, or that no policy governs the image
   */
  record Result(Workload workload, String fieldPath, String image, Outcome outcome, List<String> policies,
      List<Finding> findings, List<String> notes) {
    boolean allowed() {
      return outcome == Outcome.ALLOWED;
    }
  }

  /**
   * Counts of container images (allowed + denied + undecided = images), and of objects denied
   * whole before their images were judged (too many images).
   */
  record Summary(int images, int allowed, int denied, int undecided, int warnings, int objectsDenied) {}

  private final List<Result> results = new ArrayList<>();

  CheckReport(List<Entry> entries) {
    for (Entry e : entries) {
      for (Finding f : e.decision().objectFindings()) {
        results.add(new Result(e.workload(), f.fieldPath(), null, Outcome.of(List.of(f)), List.of(),
            List.of(f), List.of()));
      }
      for (ImageVerdict v : e.decision().images()) {
        List<String> notes = v.governed() ? v.notes() : List.of(NOT_GOVERNED);
        results.add(new Result(e.workload(), v.occurrence().fieldPath(), v.occurrence().image(),
            Outcome.of(v.findings()), v.policies(), v.findings(), notes));
      }
    }
  }

  List<Result> results() {
    return results;
  }

  Summary summary() {
    int[] byOutcome = new int[Outcome.values().length];
    int images = 0;
    int warnings = 0;
    int objectsDenied = 0;
    for (Result r : results) {
      warnings += (int) r.findings().stream().filter(f -> !f.denies()).count();
      if (r.image() == null) {
        objectsDenied += r.allowed() ? 0 : 1;
      } else {
        images++;
        byOutcome[r.outcome().ordinal()]++;
      }
    }
    return new Summary(images, byOutcome[Outcome.ALLOWED.ordinal()], byOutcome[Outcome.DENIED.ordinal()],
        byOutcome[Outcome.UNDECIDED.ordinal()], warnings, objectsDenied);
  }

  /** Denied beats undecided: a recalled image is news even when another one's mirror was down. */
  Outcome outcome() {
    Outcome worst = Outcome.ALLOWED;
    for (Result r : results) {
      if (r.outcome() == Outcome.DENIED) {
        return Outcome.DENIED;
      }
      if (r.outcome() == Outcome.UNDECIDED) {
        worst = Outcome.UNDECIDED;
      }
    }
    return worst;
  }

  boolean allowed() {
    return outcome() == Outcome.ALLOWED;
  }

  void printText(PrintWriter out) {
    for (Result r : results) {
      out.println(line(r));
    }
    Summary s = summary();
    out.println();
    out.println(s.images() + " container image(s) checked: " + s.allowed() + " allowed, " + s.denied() + " denied"
        + (s.undecided() == 0 ? "" : ", " + s.undecided() + " undecided (evidence unavailable; the webhook denies them too)")
        + (s.objectsDenied() == 0 ? "" : "; " + s.objectsDenied() + " object(s) denied whole"));
    out.flush();
  }

  /** Denied lines carry the findings; allowed lines say what was verified (JSON has both). */
  private static String line(Result r) {
    String object = objectName(r.workload());
    if (r.image() == null) {
      Finding f = r.findings().get(0);
      return (f.denies() ? "DENY   " : "WARN   ") + object + " " + f.message();
    }
    String head = (r.allowed() ? "ALLOW  " : "DENY   ") + object + " " + r.fieldPath() + " " + r.image();
    List<String> parts = new ArrayList<>();
    for (Finding f : r.findings()) {
      parts.add(f.denies() ? f.message() : "warning: " + f.message());
    }
    if (r.allowed()) {
      parts.addAll(r.notes());
    }
    return head + ": " + String.join("; ", parts);
  }

  void printJson(PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("allowed", allowed());
    root.put("outcome", outcome().json());
    Summary s = summary();
    ObjectNode summary = root.putObject("summary");
    summary.put("images", s.images());
    summary.put("allowed", s.allowed());
    summary.put("denied", s.denied());
    summary.put("undecided", s.undecided());
    summary.put("warnings", s.warnings());
    summary.put("objectsDenied", s.objectsDenied());
    ArrayNode results = root.putArray("results");
    for (Result r : this.results) {
      ObjectNode o = results.addObject();
      ObjectNode obj = o.putObject("object");
      obj.put("apiVersion", r.workload().apiVersion());
      obj.put("kind", r.workload().kind());
      obj.put("namespace", r.workload().namespace());
      obj.put("name", r.workload().name());
      o.put("fieldPath", r.fieldPath());
      o.put("image", r.image());
      o.put("allowed", r.allowed());
      o.put("outcome", r.outcome().json());
      ArrayNode governed = o.putArray("policies");
      r.policies().forEach(governed::add);
      ArrayNode findings = o.putArray("findings");
      for (Finding f : r.findings()) {
        ObjectNode fo = findings.addObject();
        fo.put("reason", f.reason().name());
        fo.put("level", f.level().name());
        fo.put("policy", f.policy());
        fo.put("message", f.message());
      }
      ArrayNode notes = o.putArray("notes");
      r.notes().forEach(notes::add);
    }
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON report", e);
    }
    out.flush();
  }

  static String objectName(Workload w) {
    String ns = w.namespace() == null || w.namespace().isEmpty() ? "" : w.namespace() + "/";
    return w.kind() + "/" + ns + w.name();
  }
}
