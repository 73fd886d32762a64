package io.trustgate.e2e.support;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What kubectl v1.28 prints for an API error, from the Status the API server returned (the
 * rules of kubectl's {@code cmdutil.CheckErr}): an Invalid status with causes becomes
 * {@code The request is invalid: <field>: <message>}; any other becomes
 * {@code Error from server (<reason>): error when creating "STDIN": <message>} for
 * {@code kubectl apply -f -}.
 */
public final class KubectlText {
  private KubectlText() {}

  public static String applyError(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status == null) {
      return "error: " + e.getMessage();
    }
    if ("Invalid".equals(status.getReason()) && status.getDetails() != null) {
      String subject = "The request is invalid";
      if (notBlank(status.getDetails().getKind()) || notBlank(status.getDetails().getName())) {
        subject = "The " + status.getDetails().getKind() + " \"" + status.getDetails().getName() + "\" is invalid";
      }
      List<StatusCause> causes = status.getDetails().getCauses();
      if (causes == null || causes.isEmpty()) {
        return subject;
      }
      List<String> lines = causes.stream().map(c -> c.getField() + ": " + c.getMessage()).collect(Collectors.toList());
      return lines.size() == 1 ? subject + ": " + lines.get(0) : subject + ": \n* " + String.join("\n* ", lines);
    }
    return "Error from server (" + status.getReason() + "): error when creating \"STDIN\": " + status.getMessage();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
