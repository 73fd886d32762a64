package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One recall of an accepted revocation list, as persisted in status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecallStatus {
  @JsonPropertyDescription("Release version, without 'v'.")
  public String version;

  @JsonPropertyDescription("Release variant.")
  public String variant;

  @JsonPropertyDescription("CPU architecture.")
  public String arch;

  @JsonPropertyDescription("The publisher's reason, verbatim (cut at 512 characters).")
  public String reason;

  @JsonPropertyDescription("When the release was revoked, RFC 3339, when the list says.")
  public String revokedAt;
}
