package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The keyless (Fulcio certificate) identity that must have signed a document. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.issuer) != has(self.issuerRegex)",
    message = "exactly one of issuer or issuerRegex must be set")
@ValidationRule(
    value = "has(self.identity) != has(self.identityRegex)",
    message = "exactly one of identity or identityRegex must be set")
public class Signer {
  @JsonPropertyDescription(
      "Exact OIDC issuer of the signing certificate, e.g."
          + " https://token.actions.githubusercontent.com.")
  public String issuer;

  @JsonPropertyDescription(
      "RE2 regular expression the OIDC issuer must match in full (implicitly anchored).")
  public String issuerRegex;

  @JsonPropertyDescription(
      "Exact certificate identity (subject alternative name: workflow URI or email)."
          + " {version}, {variant} and {arch} are substituted.")
  public String identity;

  @JsonPropertyDescription(
      "RE2 regular expression the certificate identity must match in full (implicitly"
          + " anchored, unlike cosign's substring search). {version}, {variant} and {arch} are"
          + " substituted as quoted literals.")
  public String identityRegex;

  public Signer() {}

  public static Signer exact(String issuer, String identity) {
    Signer s = new Signer();
    s.issuer = issuer;
    s.identity = identity;
    return s;
  }

  public static Signer identityRegex(String issuer, String identityRegex) {
    Signer s = new Signer();
    s.issuer = issuer;
    s.identityRegex = identityRegex;
    return s;
  }
}
