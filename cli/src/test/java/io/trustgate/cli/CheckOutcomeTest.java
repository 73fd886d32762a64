package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Exit codes tell "denied" from "could not decide", and text, JSON and JUnit XML report the same
 * results. Run as real processes, as CI runs them.
 */
class CheckOutcomeTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final String FORGE_0141 =
      "ghcr.io/acme-labs/forge-dev:v0.14.1@sha256:ffcdcbe3d636c7fae9af8f71652fe4f0ad574c2eb7c804c2c6da77ef477187fa";

  @TempDir Path dir;

  Path pod(String image) throws Exception {
    return Files.writeString(dir.resolve("pod.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: dev}
        spec:
          containers:
            - name: web
              image: %s
            - name: proxy
              image: nginx:1.27
        """.formatted(image));
  }

  static CliProcess check(Path workloads, Path mirror, String... extra) {
    return CliProcess.run(args(workloads, mirror, extra));
  }

  /** The same, in-process: for what is printed rather than how the process exits. */
  static CliRun checkInProcess(Path workloads, Path mirror, String... extra) {
    return CliRun.of(args(workloads, mirror, extra));
  }

  static String[] args(Path workloads, Path mirror, String... extra) {
    String[] base = {"check", "-f", workloads.toString(), "--policy", EXAMPLES.resolve("policy.yaml").toString(),
        "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(), "--mirror", mirror.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return args;
  }

  @Test
  void missingEvidenceIsUndecidedWithItsOwnExitCode() throws Exception {
    Path emptyMirror = Files.createDirectory(dir.resolve("mirror"));
    CliProcess run = check(pod(FORGE_0141), emptyMirror);
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.UNDECIDED);
    assertThat(run.out()).contains("2 container image(s) checked: 1 allowed, 0 denied, 1 undecided");
  }

  @Test
  void aDenialBeatsMissingEvidenceElsewhere() throws Exception {
    Path emptyMirror = Files.createDirectory(dir.resolve("mirror"));
    Path both = Files.writeString(dir.resolve("both.yaml"), Files.readString(pod(FORGE_0141)) + """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: unpinned, namespace: dev}
        spec:
          containers:
            - name: web
              image: ghcr.io/acme-labs/forge-dev:v0.14.1
        """);
    CliProcess run = check(both, emptyMirror);
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    assertThat(run.out()).contains("3 container image(s) checked: 1 allowed, 1 denied, 1 undecided");
  }

  @Test
  void allowedExitsZeroAndDeniedExitsOne() throws Exception {
    assertThat(check(pod(FORGE_0141), EXAMPLES.resolve("mirror")).exitCode()).isZero();
    assertThat(check(EXAMPLES.resolve("workloads.yaml"), EXAMPLES.resolve("mirror")).exitCode()).isEqualTo(Main.REJECTED);
  }

  @Test
  void jsonCarriesSummaryCountsOutcomesAndTheSameNotesAsText() throws Exception {
    CliRun run = checkInProcess(EXAMPLES.resolve("workloads.yaml"), EXAMPLES.resolve("mirror"), "-o", "json");
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.path("outcome").asText()).isEqualTo("denied");
    JsonNode summary = root.path("summary");
    assertThat(summary.path("images").asInt()).isEqualTo(8);
    assertThat(summary.path("allowed").asInt()).isEqualTo(5);
    assertThat(summary.path("denied").asInt()).isEqualTo(3);
    assertThat(summary.path("undecided").asInt()).isZero();
    String text = checkInProcess(EXAMPLES.resolve("workloads.yaml"), EXAMPLES.resolve("mirror")).out();
    int notGoverned = 0;
    for (JsonNode r : root.path("results")) {
      for (JsonNode note : r.path("notes")) {
        if (r.path("allowed").asBoolean()) {
          assertThat(text).contains(note.asText());
        }
        if (note.asText().equals(CheckReport.NOT_GOVERNED)) {
          notGoverned++;
        }
      }
    }
    assertThat(notGoverned).isEqualTo(countOf(text, CheckReport.NOT_GOVERNED)).isPositive();
  }

  @Test
  void junitReportHasAFailurePerDenialQuotingTheRecall() throws Exception {
    CliRun run = checkInProcess(EXAMPLES.resolve("workloads.yaml"), EXAMPLES.resolve("mirror"), "-o", "junit");
    assertThat(run.exitCode()).isEqualTo(Main.REJECTED);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
    var suites = xml.getDocumentElement();
    assertThat(suites.getTagName()).isEqualTo("testsuites");
    assertThat(suites.getAttribute("tests")).isEqualTo("8");
    assertThat(suites.getAttribute("failures")).isEqualTo("3");
    assertThat(suites.getAttribute("errors")).isEqualTo("0");
    var failures = xml.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(3);
    boolean recall = false;
    for (int i = 0; i < failures.getLength(); i++) {
      var f = (org.w3c.dom.Element) failures.item(i);
      recall |= f.getAttribute("type").equals("RECALLED") && f.getAttribute("message").contains(ExamplesTest.RECALL);
    }
    assertThat(recall).isTrue();
  }

  @Test
  void junitReportMarksUndecidedImagesAsErrors() throws Exception {
    Path emptyMirror = Files.createDirectory(dir.resolve("mirror"));
    CliRun run = checkInProcess(pod(FORGE_0141), emptyMirror, "-o", "junit");
    assertThat(run.exitCode()).isEqualTo(Main.UNDECIDED);
    assertThat(run.out()).contains("errors=\"1\"", "<error type=\"MANIFEST_UNAVAILABLE\"");
  }

  @Test
  void junitTextEscapesControlCharacters() {
    assertThat(JunitReport.clean("a\u0007b\nc")).isEqualTo("a\\u0007b\nc");
  }

  static int countOf(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aRevocationListProblemIsWarnedOnceInTheCliOwnWords() throws Exception {
    Path mirror = dir.resolve("mirror");
    copyTree(EXAMPLES.resolve("mirror"), mirror);
    Path list = mirror.resolve("acme-labs/forge/releases/download/revocations/revoked-versions.json");
    Files.writeString(list, Files.readString(list).replace("CVE-2026-0001", "CVE-2026-9999"));
    CliProcess run = check(pod(FORGE_0141), mirror);
    assertThat(run.err().lines().filter(l -> l.contains("revocation list")).toList())
        .singleElement().asString().startsWith("warning: policy forge: ");
    assertThat(run.err()).doesNotContain("io.trustgate").doesNotContain("WARN ");
  }

  static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
