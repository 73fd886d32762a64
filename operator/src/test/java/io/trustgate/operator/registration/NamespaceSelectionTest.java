package io.trustgate.operator.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceSelectionTest {
  static final LabelSelectorRequirement NOT_SYSTEM =
      new LabelSelectorRequirement("kubernetes.io/metadata.name", "NotIn", List.of("kube-system", "trustgate-system"));

  @Test
  void allExcludesOnlyTheSystemNamespacesAsInstallYamlAlwaysDid() {
    NamespaceSelection s = NamespaceSelection.of("all", null, List.of("kube-system"), "trustgate-system");
    assertThat(s.selector().getMatchExpressions()).containsExactly(NOT_SYSTEM);
    assertThat(s.selector().getMatchLabels()).isNullOrEmpty();
  }

  @Test
  void optInEnforcesOnlyNamespacesLabelledTrue() {
    NamespaceSelection s = NamespaceSelection.of("opt-in", "", List.of("kube-system"), "trustgate-system");
    assertThat(s.label()).isEqualTo("trustgate.io/enforce");
    assertThat(s.selector().getMatchExpressions()).containsExactly(NOT_SYSTEM,
        new LabelSelectorRequirement("trustgate.io/enforce", "In", List.of("true")));
  }

  @Test
  void optOutExemptsOnlyNamespacesLabelledTrueAndStillExcludesTheSystemOnes() {
    NamespaceSelection s = NamespaceSelection.of("opt-out", null, List.of("kube-system"), "trustgate-system");
    assertThat(s.selector().getMatchExpressions()).containsExactly(NOT_SYSTEM,
        new LabelSelectorRequirement("trustgate.io/exempt", "NotIn", List.of("true")));
  }

  @Test
  void aCustomLabelAndExtraExclusionsAreKeptInOrderWithoutDuplicates() {
    NamespaceSelection s = NamespaceSelection.of("OPT-OUT", "example.com/no-admission",
        List.of("kube-system", " monitoring", "", "trustgate-system"), "trustgate-system");
    assertThat(s.selector().getMatchExpressions()).containsExactly(
        new LabelSelectorRequirement("kubernetes.io/metadata.name", "NotIn",
            List.of("kube-system", "monitoring", "trustgate-system")),
        new LabelSelectorRequirement("example.com/no-admission", "NotIn", List.of("true")));
  }

  @Test
  void theOwnNamespaceIsExcludedEvenWhenTheListIsEmpty() {
    NamespaceSelection s = NamespaceSelection.of("all", null, List.of(), "tg");
    assertThat(s.excludedNamespaces()).containsExactly("tg");
  }

  @Test
  void badValuesAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> NamespaceSelection.of("some", null, List.of(), "tg"))
        .hasMessage("--namespace-selection must be one of all, opt-in, opt-out, got 'some'");
    assertThatThrownBy(() -> NamespaceSelection.of("opt-in", "trustgate.io/", List.of(), "tg"))
        .hasMessageStartingWith("--namespace-label 'trustgate.io/' is not a label key");
    assertThatThrownBy(() -> NamespaceSelection.of("opt-in", "Bad_Prefix/x", List.of(), "tg"))
        .hasMessageContaining("DNS subdomain");
    assertThatThrownBy(() -> NamespaceSelection.of("opt-out", "x".repeat(64), List.of(), "tg"))
        .hasMessageContaining("is not a label key");
    assertThatThrownBy(() -> NamespaceSelection.of("all", "trustgate.io/exempt", List.of(), "tg"))
        .hasMessageContaining("--namespace-label is read only with --namespace-selection opt-in or opt-out");
    assertThatThrownBy(() -> NamespaceSelection.of("all", null, List.of("Kube_System"), "tg"))
        .hasMessageContaining("--excluded-namespaces: 'Kube_System' is not a namespace name");
  }
}
