package io.trustgate.webhook.policy;

import java.util.List;

/**
 * Whether the webhook can judge admissions, and if not, every reason why not.
 *
 * @param degraded what is impaired while ready (no names or URLs: /readyz is unauthenticated)
 */
public record ReadinessReport(boolean ready, List<String> reasons, List<String> degraded) {
  public ReadinessReport {
    reasons = List.copyOf(reasons);
    degraded = List.copyOf(degraded);
  }

  public ReadinessReport(boolean ready, List<String> reasons) {
    this(ready, reasons, List.of());
  }

  public static ReadinessReport of(List<String> reasons) {
    return of(reasons, List.of());
  }

  public static ReadinessReport of(List<String> reasons, List<String> degraded) {
    return new ReadinessReport(reasons.isEmpty(), reasons, degraded);
  }
}
