package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Emergency escape hatches; each is independent and always leaves a warning. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Skip {
  @JsonPropertyDescription(
      "Skip the check that the image digest is listed in a release manifest. Every other"
          + " check still runs. Default false.")
  @Default("false")
  public Boolean hashVerify;

  @JsonPropertyDescription(
      "Skip Sigstore signature checks on manifests and on the revocation list. They are"
          + " still fetched and parsed and every other check runs. Default false.")
  @Default("false")
  public Boolean cosignVerify;
}
