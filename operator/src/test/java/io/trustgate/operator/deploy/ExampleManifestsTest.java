package io.trustgate.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyCompiler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** deploy/examples: typed strictly, valid under the CRD's schema, and compiled without problems. */
class ExampleManifestsTest {
  static JSONSchemaProps specSchema;

  @BeforeAll
  static void readSchema() throws Exception {
    CustomResourceDefinition crd = (CustomResourceDefinition) Manifests.read(Manifests.CRD).get(0).object();
    specSchema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  static List<Path> examples() throws Exception {
    return Manifests.examples();
  }

  @Test
  void thereAreAPublicGoodAndAConfigMapRootExample() throws Exception {
    assertThat(examples()).extracting(p -> p.getFileName().toString())
        .contains("trustpolicy.yaml", "trustpolicy-configmap-root.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyTrustPolicyMatchesTheCrdSchemaAndCompiles(Path file) throws Exception {
    List<Manifests.Document> docs = Manifests.read(file);
    assertThat(docs).isNotEmpty();
    for (Manifests.Document doc : docs) {
      if (!(doc.object() instanceof TrustPolicy)) {
        continue;
      }
      assertThat(CrdSchema.validate(specSchema, doc.tree().path("spec"))).as(file.toString()).isEmpty();
      TrustPolicy policy = (TrustPolicy) doc.object();
      if (policy.getSpec().trustRoot != null && policy.getSpec().trustRoot.configMapRef != null) {
        assertThat(policy.getSpec().trustRoot.configMapRef.namespace)
            .as("the only namespace whose ConfigMaps trustgate may read").isEqualTo("trustgate-system");
      }
      PolicyCompilation compiled = PolicyCompiler.compile(policy.getMetadata().getName(), policy.getSpec());
      assertThat(compiled.problems()).as(file.toString()).isEmpty();
    }
  }

  @Test
  void schemaCheckCatchesWhatTheApiserverWouldReject() throws Exception {
    var tree = Manifests.read(Manifests.EXAMPLES.resolve("trustpolicy.yaml")).get(0).tree().path("spec").deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("mode", "Sometimes");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("requireDigests", true);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("manifests");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("images").get(0)).put("variant", "Dev!");

    assertThat(CrdSchema.validate(specSchema, tree)).hasSize(4).anySatisfy(p -> assertThat(p).startsWith(".mode"))
        .anySatisfy(p -> assertThat(p).startsWith(".requireDigests"))
        .anySatisfy(p -> assertThat(p).startsWith(".manifests"))
        .anySatisfy(p -> assertThat(p).startsWith(".images[0].variant"));
  }
}
