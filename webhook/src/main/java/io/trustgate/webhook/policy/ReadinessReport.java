package io.trustgate.webhook.policy;

import java.util.List;

/** Whether the webhook can judge admissions, and if not, every reason why not. */
public record ReadinessReport(boolean ready, List<String> reasons) {
  public ReadinessReport {
    reasons = List.copyOf(reasons);
  }

  public static ReadinessReport of(List<String> reasons) {
    return new ReadinessReport(reasons.isEmpty(), reasons);
  }
}
