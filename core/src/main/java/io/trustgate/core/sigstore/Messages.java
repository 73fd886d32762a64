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

  /** Collapses whitespace (library messages embed newlines and hex dumps) and bounds length. */
  static String clean(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
  }
}
