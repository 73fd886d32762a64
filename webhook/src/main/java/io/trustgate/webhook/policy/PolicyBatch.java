package io.trustgate.webhook.policy;

import io.trustgate.core.policy.BrokenPolicy;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.PolicyDocument;
import io.trustgate.core.policy.PolicyProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One delivered set of policies, compiled: the valid ones, the broken ones (kept so that the
 * images they name are denied, not silently ungoverned), and per policy the problems and lint
 * warnings to log.
 *
 * @param messages per policy name, the lines worth logging (problems first); empty when clean
 */
record PolicyBatch(List<CompiledPolicy> policies, List<BrokenPolicy> broken, Map<String, List<String>> messages) {

  PolicyBatch {
    policies = List.copyOf(policies);
    broken = List.copyOf(broken);
    messages = Map.copyOf(messages);
  }

  static PolicyBatch compile(List<PolicyDocument> documents) {
    List<CompiledPolicy> policies = new ArrayList<>();
    List<BrokenPolicy> broken = new ArrayList<>();
    Map<String, List<String>> messages = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (PolicyDocument doc : documents) {
      if (!names.add(doc.name())) {
        // Only files can say one name twice; deny what the second names rather than pick one.
        PolicyProblem twice = new PolicyProblem("metadata.name", "policy " + doc.name()
            + " is defined more than once (again in " + doc.source() + ")");
        broken.add(BrokenPolicy.of(doc.name(), doc.spec(), List.of(twice)));
        messages.computeIfAbsent(doc.name(), n -> new ArrayList<>()).add("invalid: " + twice);
        continue;
      }
      PolicyCompilation c = PolicyCompiler.compile(doc.name(), doc.spec());
      List<String> lines = new ArrayList<>();
      c.problems().forEach(p -> lines.add("invalid: " + p));
      c.warnings().forEach(w -> lines.add("warning: " + w));
      if (c.ok()) {
        policies.add(c.policy().get());
      } else {
        broken.add(BrokenPolicy.of(doc.name(), doc.spec(), c.problems()));
      }
      if (!lines.isEmpty()) {
        messages.put(doc.name(), lines);
      }
    }
    return new PolicyBatch(policies, broken, messages);
  }
}
