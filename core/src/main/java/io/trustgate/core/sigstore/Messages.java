package io.trustgate.core.sigstore;

/** Turns library exception text into short single-line detail for human messages. */
final class Messages {
  private static final int MAX_DETAIL = 240;

  private Messages() {}

  /** The exception's message on one line, bounded in length; the class name if it has none. */
  static String detail(Throwable e) {
    String m = e.getMessage();
    return clean(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
  }

  /**
   * The exception's message plus its root cause's (libraries wrap the informative one), unless the
   * outer message already quotes it.
   */
  static String detailWithCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outer = detail(e);
    if (root == e) {
      return outer;
    }
    String rootText = detail(root);
    String inner =
        root.getMessage() == null ? rootText : root.getClass().getSimpleName() + ": " + rootText;
    return outer.contains(rootText) ? inner : outer + " (" + inner + ")";
  }

  /** Collapses whitespace (library messages embed newlines and hex dumps) and bounds length. */
  static String clean(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
  }
}
