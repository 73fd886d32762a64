package io.trustgate.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/policyreports: the wgpolicyk8s.io v1alpha2 report CRDs the operator writes to. */
class PolicyReportCrdTest {
  static final Path FILE = Manifests.ROOT.resolve("deploy/policyreports/wgpolicyk8s.io-crds.yaml");

  @Test
  void shipsNamespacedPolicyReportAndClusterPolicyReportV1alpha2() throws Exception {
    List<CustomResourceDefinition> crds = Manifests.read(FILE).stream()
        .map(d -> (CustomResourceDefinition) d.object()).toList();

    assertThat(crds).extracting(c -> c.getMetadata().getName())
        .containsExactly("policyreports.wgpolicyk8s.io", "clusterpolicyreports.wgpolicyk8s.io");
    assertThat(crds).extracting(c -> c.getSpec().getScope()).containsExactly("Namespaced", "Cluster");
    assertThat(crds).extracting(c -> c.getSpec().getNames().getShortNames().get(0)).containsExactly("polr", "cpolr");
    for (CustomResourceDefinition crd : crds) {
      assertThat(crd.getSpec().getGroup()).isEqualTo("wgpolicyk8s.io");
      CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
      assertThat(crd.getSpec().getVersions()).hasSize(1);
      assertThat(v.getName()).isEqualTo("v1alpha2");
      assertThat(v.getServed()).isTrue();
      assertThat(v.getStorage()).isTrue();
      JSONSchemaProps root = v.getSchema().getOpenAPIV3Schema();
      assertThat(root.getProperties()).containsOnlyKeys("apiVersion", "kind", "metadata", "scope", "scopeSelector",
          "summary", "results");
      assertThat(root.getProperties().get("summary").getProperties())
          .containsOnlyKeys("pass", "fail", "warn", "error", "skip");
      JSONSchemaProps result = root.getProperties().get("results").getItems().getSchema();
      assertThat(result.getRequired()).containsExactly("policy");
      assertThat(result.getProperties()).containsOnlyKeys("source", "policy", "rule", "category", "severity",
          "result", "scored", "message", "properties", "timestamp", "resources", "resourceSelector");
      assertThat(result.getProperties().get("result").getEnum()).extracting(Object::toString)
          .containsExactlyInAnyOrder("\"pass\"", "\"fail\"", "\"warn\"", "\"error\"", "\"skip\"");
      assertThat(result.getProperties().get("severity").getEnum()).extracting(Object::toString)
          .containsExactlyInAnyOrder("\"high\"", "\"medium\"", "\"low\"");
      assertThat(result.getProperties().get("timestamp").getRequired()).containsExactlyInAnyOrder("seconds", "nanos");
      assertThat(result.getProperties().get("resources").getItems().getSchema().getProperties())
          .containsKeys("apiVersion", "kind", "name", "namespace", "uid");
    }
  }
}
