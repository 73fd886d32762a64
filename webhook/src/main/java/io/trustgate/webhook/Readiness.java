package io.trustgate.webhook;

import java.util.List;

/** Whether the webhook can judge admissions, and if not, why. */
public interface Readiness {
  Report report();

  /** Whether admissions are served; called per request, so implementations keep it cheap. */
  default boolean admitting() {
    return report().ready();
  }

  /**
   * @param ready whether admissions are served
   * @param reasons one sentence per missing piece: why not ready, or what is degraded while ready
   */
  record Report(boolean ready, List<String> reasons) {
    public Report {
      reasons = List.copyOf(reasons);
    }

    public static Report ok() {
      return new Report(true, List.of());
    }
  }
}
