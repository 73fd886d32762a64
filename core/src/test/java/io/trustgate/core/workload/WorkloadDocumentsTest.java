package io.trustgate.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadDocumentsTest {

  private static List<JsonNode> read(String yaml) throws Exception {
    return WorkloadDocuments.readYaml(stream(yaml));
  }

  private static InputStream stream(String yaml) {
    return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(List<JsonNode> objects) {
    return objects.stream().map(o -> o.path("metadata").path("name").asText()).toList();
  }

  @Test
  void readsEveryDocumentOfAStream() throws Exception {
    List<JsonNode> objects = read("""
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers:
            - image: ghcr.io/acme/app:v1
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: b}
        """);

    assertThat(names(objects)).containsExactly("a", "b");
    assertThat(objects.get(0).at("/spec/containers/0/image").textValue())
        .isEqualTo("ghcr.io/acme/app:v1");
  }

  @Test
  void skipsEmptyDocuments() throws Exception {
    List<JsonNode> objects = read("""
        ---
        ---
        kind: Pod
        metadata: {name: a}
        ---
        # only a comment
        ---
        ~
        ---

        ---
        kind: Pod
        metadata: {name: b}
        ---
        """);

    assertThat(names(objects)).containsExactly("a", "b");
  }

  @Test
  void readsNothingFromAnEmptyStream() throws Exception {
    assertThat(read("")).isEmpty();
    assertThat(read("# nothing here\n")).isEmpty();
  }

  @Test
  void flattensListsIncludingNestedLists() throws Exception {
    List<JsonNode> objects = read("""
        kind: Pod
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: List
        items:
          - kind: Pod
            metadata: {name: b}
          - apiVersion: v1
            kind: List
            items:
              - kind: Deployment
                metadata: {name: c}
          - kind: Pod
            metadata: {name: d}
        ---
        kind: List
        items: []
        """);

    assertThat(names(objects)).containsExactly("a", "b", "c", "d");
  }

  @Test
  void namesDocumentLineAndColumnOfASyntaxError() {
    MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> read("""
        kind: Pod
        ---
        kind: Pod
        metadata:
          name: x
         bad: indentation
        """));

    assertThat(e.document()).isEqualTo(2);
    assertThat(e.line()).isEqualTo(6);
    assertThat(e.column()).isGreaterThan(0);
    assertThat(e.getMessage())
        .startsWith("YAML document 2, line 6, column ")
        .doesNotContain("\n");
    assertThat(e.problem()).isNotBlank();
  }

  @Test
  void countsEmptyDocumentsWhenNumberingAnError() {
    MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class,
        () -> read("---\n---\nkind: Pod\n---\nitems: [unclosed\n"));

    assertThat(e.document()).isEqualTo(3);
    assertThat(e.getMessage()).startsWith("YAML document 3, line ");
  }

  @Test
  void refusesDuplicateKeys() {
    MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> read("""
        kind: Pod
        spec:
          containers:
            - image: ghcr.io/acme/signed:v1
              image: ghcr.io/acme/unsigned:v1
        """));

    assertThat(e.document()).isEqualTo(1);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("Duplicate field 'image'");
  }

  @Test
  void refusesDocumentsThatAreNotMappings() {
    assertThatThrownBy(() -> read("kind: Pod\n---\njust a string\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessage("YAML document 2, line 3, column 1: "
            + "expected a Kubernetes object (a mapping), found a string");
    assertThatThrownBy(() -> read("- kind: Pod\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("found a sequence");
  }

  @Test
  void refusesListsWhoseItemsAreNotObjects() {
    assertThatThrownBy(() -> read("kind: List\nitems: [1, 2]\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("found a number");
    assertThatThrownBy(() -> read("kind: List\nitems: {kind: Pod}\n"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("the items of a List must be a sequence");
  }

  @Test
  void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), "kind: Pod\nmetadata: {name: a}\n");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "kind: Pod\n---\nkind: [\n");

    assertThat(names(WorkloadDocuments.readYaml(good))).containsExactly("a");
    assertThatThrownBy(() -> WorkloadDocuments.readYaml(bad))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageStartingWith(bad + ": YAML document 2, line ");
  }

  @Test
  void reportsAMissingFileAsAnIoError(@TempDir Path dir) {
    assertThatThrownBy(() -> WorkloadDocuments.readYaml(dir.resolve("absent.yaml")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void leavesTheCallersStreamOpen() throws Exception {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream("kind: Pod\n".getBytes(StandardCharsets.UTF_8)) {
      @Override
      public void close() throws IOException {
        closed[0] = true;
        super.close();
      }
    };

    assertThat(WorkloadDocuments.readYaml(in)).hasSize(1);
    assertThat(closed[0]).isFalse();
  }

  @Test
  void feedsWorkloadImagesEndToEnd() throws Exception {
    List<JsonNode> objects = read("""
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: ops}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers: [{name: job, image: "ghcr.io/acme/job:v1"}]
        """);

    Workload workload = WorkloadImages.extract(objects.get(0)).orElseThrow();

    assertThat(workload.images()).containsExactly(new ImageOccurrence(
        "spec.jobTemplate.spec.template.spec.containers[0].image", "ghcr.io/acme/job:v1"));
  }
}
