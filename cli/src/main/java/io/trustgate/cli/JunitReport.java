package io.trustgate.cli;

import io.trustgate.core.decision.Finding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code check -o junit}: JUnit XML, which CI systems show natively as test results. One
 * testsuite per object, one testcase per container image; a denial is a {@code <failure>}, a
 * judgement that could not be made for lack of evidence is an {@code <error>} — the same split
 * as exit codes 1 and 3.
 */
final class JunitReport {
  private JunitReport() {}

  static void print(CheckReport report, PrintWriter out) {
    Map<String, List<CheckReport.Result>> byObject = new LinkedHashMap<>();
    for (CheckReport.Result r : report.results()) {
      byObject.computeIfAbsent(CheckReport.objectName(r.workload()), k -> new ArrayList<>()).add(r);
    }
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "trustgate check");
      counts(xml, report.results());
      for (Map.Entry<String, List<CheckReport.Result>> suite : byObject.entrySet()) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(suite.getKey()));
        counts(xml, suite.getValue());
        for (CheckReport.Result r : suite.getValue()) {
          testcase(xml, suite.getKey(), r);
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write JUnit report", e);
    }
    out.flush();
  }

  private static void counts(XMLStreamWriter xml, List<CheckReport.Result> results) throws XMLStreamException {
    xml.writeAttribute("tests", Integer.toString(results.size()));
    xml.writeAttribute("failures", Long.toString(results.stream().filter(r -> r.outcome() == Outcome.DENIED).count()));
    xml.writeAttribute("errors", Long.toString(results.stream().filter(r -> r.outcome() == Outcome.UNDECIDED).count()));
  }

  private static void testcase(XMLStreamWriter xml, String object, CheckReport.Result r) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", clean(object));
    xml.writeAttribute("name", clean(r.fieldPath() + (r.image() == null ? "" : " " + r.image())));
    List<Finding> denials = r.findings().stream().filter(Finding::denies).toList();
    if (!denials.isEmpty()) {
      xml.writeStartElement(r.outcome() == Outcome.UNDECIDED ? "error" : "failure");
      xml.writeAttribute("type", denials.get(0).reason().name());
      xml.writeAttribute("message", clean(denials.get(0).message()));
      StringBuilder text = new StringBuilder();
      for (Finding f : denials) {
        text.append(f.reason()).append(": ").append(f.message()).append('\n');
      }
      xml.writeCharacters(clean(text.toString()));
      xml.writeEndElement();
    }
    List<String> out = new ArrayList<>();
    r.findings().stream().filter(f -> !f.denies()).forEach(f -> out.add("warning: " + f.reason() + ": " + f.message()));
    out.addAll(r.notes());
    if (!out.isEmpty()) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(clean(String.join("\n", out)));
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  /** XML 1.0 cannot carry most control characters, even escaped: show them as \\uXXXX. */
  static String clean(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = (c < 0x20 && c != '\n' && c != '\t') || c == 0xFFFE || c == 0xFFFF;
      if (bad && b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (b != null) {
        if (bad) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
