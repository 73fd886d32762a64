package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest revocation list the operator has verified and accepted for a policy, kept so that
 * webhook restarts and new replicas never go back from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevocationFloorStatus {
  @JsonPropertyDescription("The list URL this floor belongs to (spec.revocations.url when it was accepted).")
  public String url;

  @JsonPropertyDescription("Sequence of the accepted list, when it has one. Lists with a lower sequence are refused.")
  public Long sequence;

  @JsonPropertyDescription("issued_at of the accepted list, RFC 3339, when it has one. Older lists are refused.")
  public String issuedAt;

  @JsonPropertyDescription("SHA-256 of the accepted list's bytes, hex.")
  public String sha256;

  @JsonPropertyDescription("When the list was first accepted, RFC 3339.")
  public String acceptedAt;

  @JsonPropertyDescription(
      "The recalls of the accepted list (at most 1000, reasons cut at 512 characters). A later list that"
          + " drops one is refused, and each keeps denying its release.")
  public List<RecallStatus> recalls = new ArrayList<>();
}
