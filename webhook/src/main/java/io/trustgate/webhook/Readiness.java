package io.trustgate.webhook;

import java.util.List;

/** Whether the webhook can judge admissions, and if not, why. */
public interface Readiness {
  Report report();

  /** @param reasons empty when ready; otherwise one sentence per missing piece */
  record Report(boolean ready, List<String> reasons) {
    public Report {
      reasons = List.copyOf(reasons);
    }

    public static Report ok() {
      return new Report(true, List.of());
    }
  }
}
