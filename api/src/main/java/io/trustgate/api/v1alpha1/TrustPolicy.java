package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A cluster-scoped rule saying which images must be covered by signed release manifests. */
@Group(TrustPolicy.GROUP)
@Version(TrustPolicy.VERSION)
@ShortNames("tp")
@JsonClassDescription(
    "TrustPolicy names the container images trustgate governs, where their signed release"
        + " manifests and signed revocation list live, and which Sigstore identities must have"
        + " signed them. The admission webhook denies governed images that are not listed by"
        + " digest in a verified release manifest, or whose release is recalled.")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Recalls",
    jsonPath = ".status.revocations.entries",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "List age",
    jsonPath = ".status.revocations.fetchedAt",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TrustPolicy extends CustomResource<TrustPolicySpec, TrustPolicyStatus> {
  public static final String GROUP = "trustgate.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "TrustPolicy";
  public static final String PLURAL = "trustpolicies";
}
