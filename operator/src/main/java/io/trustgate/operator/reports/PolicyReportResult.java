package io.trustgate.operator.reports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of {@code results} in a wgpolicyk8s.io/v1alpha2 PolicyReport: one rule of one
 * TrustPolicy failed for one workload's image.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolicyReportResult(
    String source,
    String policy,
    String rule,
    String category,
    String severity,
    String result,
    Boolean scored,
    String message,
    Map<String, String> properties,
    Timestamp timestamp,
    List<ObjectReference> resources) {
  public static final String SOURCE = "trustgate";
  public static final String CATEGORY = "Supply chain";

  public PolicyReportResult {
    properties = properties == null ? null : new TreeMap<>(properties);
    resources = resources == null ? null : List.copyOf(resources);
  }

  /** {@code timestamp} as the report schema spells it (protobuf Timestamp). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Timestamp(Long seconds, Integer nanos) {
    public static Timestamp of(Instant at) {
      return new Timestamp(at.getEpochSecond(), 0);
    }
  }

  /** The same result observed at another time: results are compared without it. */
  public PolicyReportResult withTimestamp(Timestamp at) {
    return new PolicyReportResult(source, policy, rule, category, severity, result, scored, message, properties, at,
        resources);
  }
}
