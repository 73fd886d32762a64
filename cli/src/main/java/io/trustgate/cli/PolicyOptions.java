package io.trustgate.cli;

import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyDocument;
import io.trustgate.core.policy.PolicyFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import io.trustgate.core.revocation.RevocationFloor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --policy FILE|DIR} (repeatable): TrustPolicy YAML, compiled as the webhook compiles it. */
final class PolicyOptions {
  @Option(
      names = {"--policy", "-p"},
      required = true,
      paramLabel = "FILE",
      description = "TrustPolicy YAML file or directory (repeatable)")
  List<Path> paths;

  /** Floors found in the files' status.revocationFloor (policies exported from a cluster), by list URL. */
  final Map<String, RevocationFloor> floors = new LinkedHashMap<>();

  /** Every policy, compiled; any problem is an input error listing all problems. */
  List<CompiledPolicy> compile(PrintWriter err) {
    List<String> problems = new ArrayList<>();
    List<CompiledPolicy> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path path : paths) {
      List<PolicyDocument> docs;
      try {
        docs = PolicyFiles.read(path);
      } catch (PolicyFiles.PolicyFileException e) {
        throw new InputException(e.getMessage());
      }
      if (docs.isEmpty()) {
        throw new InputException("no TrustPolicy found in " + path);
      }
      for (PolicyDocument doc : docs) {
        if (!names.add(doc.name())) {
          problems.add("policy " + doc.name() + " is defined twice (" + doc.source() + ")");
          continue;
        }
        PolicyCompilation c = doc.compile();
        c.problems().forEach(p -> problems.add("policy " + doc.name() + ": " + p));
        c.warnings().forEach(w -> err.println("warning: policy " + doc.name() + ": " + w));
        c.policy().ifPresent(out::add);
        doc.floor().ifPresent(f -> floors.merge(f.url(), f, RevocationStateFile::higher));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputException("invalid policy:\n  " + String.join("\n  ", problems));
    }
    return out;
  }
}
