package io.trustgate.core.format;

/** Library error messages trimmed for people: parsers put locations and excerpts after line one. */
public final class Messages {
  private Messages() {}

  /** The first line of {@code message}, stripped; {@code fallback} when there is none. */
  public static String firstLine(String message, String fallback) {
    if (message == null || message.isBlank()) {
      return fallback;
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
