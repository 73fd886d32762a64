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

/** The output of {@code trustgate check}: one line (or JSON object) per container image. */
final class CheckReport {
  record Entry(Workload workload, Decision decision) {}

  private final List<Entry> entries;

  CheckReport(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  boolean allowed() {
    return entries.stream().allMatch(e -> e.decision().allowed());
  }

  void printText(PrintWriter out) {
    int denied = 0;
    int total = 0;
    for (Entry e : entries) {
      String object = objectName(e.workload());
      for (Finding f : e.decision().objectFindings()) {
        out.println((f.denies() ? "DENY   " : "WARN   ") + object + " " + f.message());
      }
      for (ImageVerdict v : e.decision().images()) {
        total++;
        if (!v.allowed()) {
          denied++;
        }
        out.println(line(object, v));
      }
    }
    out.println();
    out.println(total + " container image(s) checked: " + (total - denied) + " allowed, " + denied + " denied");
    out.flush();
  }

  private static String line(String object, ImageVerdict v) {
    String head = (v.allowed() ? "ALLOW  " : "DENY   ") + object + " " + v.occurrence().fieldPath() + " "
        + v.occurrence().image();
    List<String> parts = new ArrayList<>();
    for (Finding f : v.findings()) {
      parts.add(f.denies() ? f.message() : "warning: " + f.message());
    }
    if (v.allowed()) {
      if (!v.governed()) {
        parts.add("not governed by any policy");
      } else {
        parts.addAll(v.notes());
      }
    }
    return head + ": " + String.join("; ", parts);
  }

  void printJson(PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("allowed", allowed());
    ArrayNode results = root.putArray("results");
    for (Entry e : entries) {
      for (ImageVerdict v : e.decision().images()) {
        ObjectNode r = results.addObject();
        ObjectNode obj = r.putObject("object");
        obj.put("apiVersion", e.workload().apiVersion());
        obj.put("kind", e.workload().kind());
        obj.put("namespace", e.workload().namespace());
        obj.put("name", e.workload().name());
        r.put("fieldPath", v.occurrence().fieldPath());
        r.put("image", v.occurrence().image());
        r.put("allowed", v.allowed());
        ArrayNode governed = r.putArray("policies");
        v.policies().forEach(governed::add);
        ArrayNode findings = r.putArray("findings");
        for (Finding f : v.findings()) {
          ObjectNode fo = findings.addObject();
          fo.put("reason", f.reason().name());
          fo.put("level", f.level().name());
          fo.put("policy", f.policy());
          fo.put("message", f.message());
        }
        ArrayNode notes = r.putArray("notes");
        v.notes().forEach(notes::add);
      }
    }
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON report", e);
    }
    out.flush();
  }

  private static String objectName(Workload w) {
    String ns = w.namespace() == null || w.namespace().isEmpty() ? "" : w.namespace() + "/";
    return w.kind() + "/" + ns + w.name();
  }
}
