package io.trustgate.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustgate.core.format.InputLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Workload files (YAML or JSON, one or many documents, every kind that embeds a pod spec) are
 * what {@code trustgate check} judges. Properties: {@link WorkloadDocuments#readYaml} returns the
 * objects or throws {@link MalformedDocumentException} (or {@link InputLimits.TooLargeException}
 * above the size limit), nothing else; image extraction never throws and stays within its bound;
 * the objects written out as JSON read back with the same images (and, from then on, as the same
 * JSON: YAML-only scalars such as {@code .nan} or {@code !!binary} become strings once).
 */
class WorkloadDocumentsFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_IMAGES = 64;

  @FuzzTest(maxDuration = "10s")
  void workloadDocumentsReadOrFailCleanlyAndRoundTrip(byte[] input) throws Exception {
    List<JsonNode> objects;
    try {
      objects = WorkloadDocuments.readYaml(new ByteArrayInputStream(input));
    } catch (MalformedDocumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.document()).isPositive();
      return;
    } catch (InputLimits.TooLargeException e) {
      assertThat(input.length).isGreaterThan(InputLimits.MAX_WORKLOAD_BYTES);
      return;
    }
    for (JsonNode object : objects) {
      ImageExtraction extraction = WorkloadImages.extract(object, MAX_IMAGES);
      if (extraction instanceof ImageExtraction.Extracted extracted) {
        assertThat(extracted.workload().images()).hasSizeLessThanOrEqualTo(MAX_IMAGES);
      }
    }
    byte[] json = toJsonStream(objects);
    List<JsonNode> again = WorkloadDocuments.readYaml(new ByteArrayInputStream(json));
    assertThat(again).hasSameSizeAs(objects);
    byte[] twice = toJsonStream(again);
    assertThat(new String(toJsonStream(WorkloadDocuments.readYaml(new ByteArrayInputStream(twice)))))
        .isEqualTo(new String(twice));
    for (int i = 0; i < objects.size(); i++) {
      assertThat(WorkloadImages.extract(again.get(i), MAX_IMAGES))
          .isEqualTo(WorkloadImages.extract(objects.get(i), MAX_IMAGES));
    }
  }

  /** JSON documents separated by "---": valid YAML, as kubectl would write them. */
  private static byte[] toJsonStream(List<JsonNode> objects) throws IOException {
    StringBuilder out = new StringBuilder();
    for (JsonNode o : objects) {
      out.append("---\n").append(JSON.writeValueAsString(o)).append('\n');
    }
    return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
