package io.trustgate.core.policy;

import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.image.ImageGlob;
import io.trustgate.core.image.ImageRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy that does not compile, kept for the images it names: they are denied rather than
 * silently becoming ungoverned (fail closed). Only globs that compile can be kept.
 */
public record BrokenPolicy(String name, List<ImageGlob> globs, List<PolicyProblem> problems) {
  public BrokenPolicy {
    globs = List.copyOf(globs);
    problems = List.copyOf(problems);
  }

  /** The salvageable globs of a spec that failed to compile. */
  public static BrokenPolicy of(String name, TrustPolicySpec spec, List<PolicyProblem> problems) {
    List<ImageGlob> globs = new ArrayList<>();
    if (spec != null && spec.images != null) {
      for (ImageSelector s : spec.images) {
        if (s != null && s.glob != null) {
          try {
            globs.add(ImageGlob.compile(s.glob));
          } catch (IllegalArgumentException e) {
            // an invalid glob governs nothing; its problem is already listed
          }
        }
      }
    }
    return new BrokenPolicy(name, globs, problems);
  }

  public boolean governs(ImageRef ref) {
    for (ImageGlob g : globs) {
      if (g.matches(ref)) {
        return true;
      }
    }
    return false;
  }

  /** The problems as one line: "spec.x: ...; spec.y: ...". */
  public String summary() {
    return String.join("; ", problems.stream().map(PolicyProblem::toString).toList());
  }
}
