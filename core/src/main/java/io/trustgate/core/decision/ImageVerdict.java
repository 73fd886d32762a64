package io.trustgate.core.decision;

import io.trustgate.core.workload.ImageOccurrence;
import java.util.List;

/**
 * The judgement of one image occurrence: findings, the policies that governed it, and short
 * explanations of what was verified (for CLI output and logs).
 */
public record ImageVerdict(
    ImageOccurrence occurrence, List<Finding> findings, List<String> policies, List<String> notes) {
  public ImageVerdict {
    findings = List.copyOf(findings);
    policies = List.copyOf(policies);
    notes = List.copyOf(notes);
  }

  public boolean allowed() {
    return findings.stream().noneMatch(Finding::denies);
  }

  public boolean governed() {
    return !policies.isEmpty();
  }
}
