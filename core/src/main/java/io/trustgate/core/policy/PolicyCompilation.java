package io.trustgate.core.policy;

import java.util.List;
import java.util.Optional;

/** The outcome of compiling a spec: a policy when there are no problems, and lint warnings. */
public record PolicyCompilation(
    Optional<CompiledPolicy> policy, List<PolicyProblem> problems, List<String> warnings) {
  public PolicyCompilation {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  public boolean ok() {
    return policy.isPresent();
  }
}
