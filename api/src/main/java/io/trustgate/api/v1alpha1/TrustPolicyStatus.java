package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed about a TrustPolicy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrustPolicyStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (spec valid and usable), RevocationListCurrent (a verified list no older than"
          + " maxStaleness, or none published yet) and EscapeHatchActive (a skip.* hatch is set).")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The revocation list in use.")
  public RevocationListStatus revocations;

  @JsonPropertyDescription(
      "The newest verified revocation list accepted for this policy, written by the operator. Webhook"
          + " replicas and restarts refuse any list older than it and keep denying its recalls. It can only"
          + " make admission stricter.")
  public RevocationFloorStatus revocationFloor;

  @JsonPropertyDescription(
      "Number of running Pods whose images the current revocation list recalls.")
  public Integer recalledWorkloads;
}
