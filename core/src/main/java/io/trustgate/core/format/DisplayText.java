package io.trustgate.core.format;

/**
 * Publisher text (a recall reason) made safe to show on one line of {@code kubectl} output, an
 * Event or a terminal. Printable text stays verbatim; characters that could forge lines, move the
 * cursor, colour the terminal or reorder what is shown are escaped visibly (a newline as
 * backslash-n, ESC as backslash-u001b); very long text is cut with a marker. The signed list keeps the reason verbatim; only
 * its display is escaped.
 */
public final class DisplayText {
  /** Longest reason shown before it is cut, in UTF-16 characters after escaping. */
  public static final int MAX_REASON_CHARS = 1024;

  private DisplayText() {}

  /** The reason as shown in a denial or an Event. */
  public static String reason(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_CHARS) + 48);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String piece;
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        piece = text.substring(i, i + 2);
        i++;
      } else {
        piece = mustEscape(c) ? escape(c) : String.valueOf(c);
      }
      if (out.length() + piece.length() > MAX_REASON_CHARS) {
        return out.append("… [reason cut, ").append(text.length()).append(" characters in full]").toString();
      }
      out.append(piece);
    }
    return out.toString();
  }

  /**
   * C0 and C1 controls and DEL, line and paragraph separators, bidirectional controls (which
   * reorder a line on screen), the byte-order mark, and lone surrogates.
   */
  static boolean mustEscape(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028' || c == '\u2029'
        || c == '\u061c' || c == '\u200e' || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
        || c == '\ufeff' || Character.isSurrogate(c);
  }

  private static String escape(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> String.format("\\u%04x", (int) c);
    };
  }
}
