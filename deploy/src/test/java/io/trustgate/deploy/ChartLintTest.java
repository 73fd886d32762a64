package io.trustgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** helm lint --strict, and the files the chart copies from elsewhere in the repository. */
class ChartLintTest {
  @Test
  void lintsWithoutErrors() {
    LintResult result = new Helm(Chart.DIR).lint().call();
    assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).as("helm lint").noneMatch(m -> m.contains("[ERROR]"));
  }

  /**
   * helm lint --strict: helm-java lints without a release namespace (helm itself uses "default"),
   * so the Namespace object's name renders empty; that is the only finding allowed.
   */
  @Test
  void strictLintFindsNothingButTheMissingReleaseNamespace() {
    LintResult result = new Helm(Chart.DIR).lint().strict().call();
    assertThat(result.getMessages()).as("helm lint --strict").filteredOn(m -> m.contains("[ERROR]") || m.contains("[WARNING]"))
        .allMatch(m -> m.startsWith("[WARNING] templates/namespace.yaml: object name does not conform")
            && m.contains("metadata.name: Invalid value: \"\""), "is the empty release namespace");
  }

  @Test
  void theChartsTrustPolicyCrdIsTheGeneratedOne() throws Exception {
    assertThat(Files.readString(Chart.DIR.resolve("files/trustpolicies.trustgate.io-v1.yml")))
        .as("deploy/helm/trustgate/files/trustpolicies.trustgate.io-v1.yml differs from crds/; copy it:"
            + " cp crds/trustpolicies.trustgate.io-v1.yml deploy/helm/trustgate/files/")
        .isEqualTo(Files.readString(Chart.ROOT.resolve("crds/trustpolicies.trustgate.io-v1.yml")));
  }

  @Test
  void theChartsPolicyReportCrdsAreTheShippedOnes() throws Exception {
    assertThat(Files.readString(Chart.DIR.resolve("files/policyreport-crds.yaml")))
        .as("deploy/helm/trustgate/files/policyreport-crds.yaml differs from deploy/policyreports/; copy it:"
            + " cp deploy/policyreports/wgpolicyk8s.io-crds.yaml deploy/helm/trustgate/files/policyreport-crds.yaml")
        .isEqualTo(Files.readString(Chart.ROOT.resolve("deploy/policyreports/wgpolicyk8s.io-crds.yaml")));
  }
}
