package io.trustgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed crds/ must be exactly what the build generates from the api classes. */
class CrdDriftTest {
  private static final Path GENERATED = Path.of(System.getProperty("trustgate.generatedCrds"));
  private static final Path COMMITTED = Path.of(System.getProperty("trustgate.committedCrds"));

  @Test
  void committedCrdsMatchGeneratedOnes() throws IOException {
    List<Path> generated = yamlFiles(GENERATED);
    assertThat(generated).as("CRDs generated into %s", GENERATED).isNotEmpty();
    for (Path file : generated) {
      Path committed = COMMITTED.resolve(file.getFileName());
      assertThat(committed)
          .as("%s is missing; copy it: cp %s %s", committed, file, COMMITTED)
          .exists();
      assertThat(Files.readString(committed))
          .as(
              "%s is out of date with the api classes; regenerate with"
                  + " `mvn -pl api package -DskipTests && cp %s %s`",
              committed, file, committed)
          .isEqualTo(Files.readString(file));
    }
  }

  @Test
  void crdIsClusterScopedWithStatusSubresourceAndShortName() throws IOException {
    JsonNode crd =
        new ObjectMapper(new YAMLFactory())
            .readTree(GENERATED.resolve("trustpolicies.trustgate.io-v1.yml").toFile());
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Cluster");
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("tp");
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    JsonNode signer = version.at("/schema/openAPIV3Schema/properties/spec/properties/manifests/properties/signer");
    assertThat(signer.at("/x-kubernetes-validations").toString())
        .contains("has(self.identity) != has(self.identityRegex)");
    assertThat(version.at("/schema/openAPIV3Schema/properties/spec/required").toString())
        .contains("images", "manifests");
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
