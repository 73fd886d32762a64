package io.trustgate.core.policy;

/** Something wrong with a TrustPolicy spec, located by its field path. */
public record PolicyProblem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
