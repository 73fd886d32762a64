package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where the signed revocation list lives, who signs it, and how fresh it must be. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevocationSource {
  /** Go-style duration such as 24h, 90m or 1h30m. */
  public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

  @JsonPropertyDescription(
      "URL of revoked-versions.json. The Sigstore bundle is fetched from the same URL with"
          + " '.bundle' appended. A 404 before any list was seen means no recalls yet.")
  @Required
  public String url;

  @JsonPropertyDescription(
      "Identity that must have signed the revocation list. Use a different identity than"
          + " the manifest signer (e.g. a separate workflow or tag), so that neither key can"
          + " stand in for the other.")
  @Required
  public Signer signer;

  @JsonPropertyDescription("How often the list is fetched again, as a duration (e.g. 24h, 15m). Default 24h.")
  @Default("24h")
  @Pattern(DURATION_PATTERN)
  public String refreshInterval;

  @JsonPropertyDescription(
      "How long the last verified list may be used when refreshes fail, as a duration."
          + " Default 168h.")
  @Default("168h")
  @Pattern(DURATION_PATTERN)
  public String maxStaleness;

  @JsonPropertyDescription(
      "What to do with governed images once the list is older than maxStaleness: Deny"
          + " (default) or Warn.")
  @Default("Deny")
  public StaleAction onStale;

  public RevocationSource() {}

  public RevocationSource(String url, Signer signer) {
    this.url = url;
    this.signer = signer;
  }
}
