package io.trustgate.core.policy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.trustgate.core.format.Messages;
import java.util.List;

/**
 * A TrustPolicy spec Jackson cannot bind (an unknown field, a wrong type), worded the same in
 * the webhook's admission answer, the CLI and the webhook's local mode: a field path and what is
 * wrong there, never Java class names.
 */
public final class SpecBindingProblem {
  private SpecBindingProblem() {}

  public static PolicyProblem of(Exception e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return new PolicyProblem(path(u.getPath()), "unknown field; known fields here: " + u.getKnownPropertyIds());
    }
    if (e instanceof JsonMappingException m) {
      return new PolicyProblem(path(m.getPath()), Messages.firstLine(m.getOriginalMessage(), "cannot be read"));
    }
    return new PolicyProblem("spec", Messages.firstLine(e.getMessage(), "cannot be read"));
  }

  /** {@code spec.images[0].glob}: the path below {@code spec}, as the CRD and kubectl name it. */
  static String path(List<JsonMappingException.Reference> references) {
    StringBuilder out = new StringBuilder("spec");
    for (JsonMappingException.Reference r : references) {
      if (r.getFieldName() != null) {
        out.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
