package io.trustgate.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A request the API server refused, as the user sees it: the Status and kubectl's line. */
public record Admission(int code, String reason, String message, String kubectl) {
  /** Runs {@code request}, which must be refused, and returns the refusal. */
  public static Admission refused(String scenario, ThrowingCallable request) {
    try {
      request.call();
    } catch (KubernetesClientException e) {
      assertThat(e.getStatus()).as("%s: a Status from the API server", scenario).isNotNull();
      Admission a = new Admission(e.getCode(), e.getStatus().getReason(), e.getStatus().getMessage(), KubectlText.applyError(e));
      E2eCluster.log("%s: kubectl prints: %s", scenario, a.kubectl());
      return a;
    } catch (Throwable t) {
      throw new AssertionError(scenario + ": unexpected failure " + t, t);
    }
    throw new AssertionError(scenario + ": the request was admitted");
  }

  /** A denial by the workloads webhook: 403 Forbidden, the webhook named, trustgate's first line. */
  public Admission deniedByTrustgate(String kind, String namespace, String name) {
    assertThat(code).as("HTTP code of: %s", message).isEqualTo(403);
    assertThat(reason).isEqualTo("Forbidden");
    assertThat(message).startsWith("admission webhook \"" + E2eCluster.GOVERNED + "\" denied the request: trustgate denied "
        + kind + " " + namespace + "/" + name + ":\n");
    return this;
  }
}
