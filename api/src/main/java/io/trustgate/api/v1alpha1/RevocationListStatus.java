package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The verified revocation list a policy currently uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevocationListStatus {
  @JsonPropertyDescription("The list's sequence number, when it has one.")
  public Long sequence;

  @JsonPropertyDescription("SHA-256 of the list's bytes, hex.")
  public String sha256;

  @JsonPropertyDescription("The list's issued_at, RFC 3339, when it has one.")
  public String issuedAt;

  @JsonPropertyDescription("When the list in use was fetched and verified, RFC 3339.")
  public String fetchedAt;

  @JsonPropertyDescription("Number of recalls in the list.")
  public Integer entries;

  @JsonPropertyDescription("Why the last refresh was not accepted, if it was not.")
  public String lastError;
}
