package io.trustgate.core.image;

/**
 * An image reference that does not follow the distribution reference grammar.
 *
 * <p>The message is one sentence naming the problem followed by the offending reference, quoted,
 * shortened and with non-printable characters escaped: references come from Pod specs, and the
 * message ends up in denial text and logs.
 */
public final class InvalidImageReferenceException extends Exception {

  private static final int MAX_QUOTED_LENGTH = 200;

  private final String problem;

  public InvalidImageReferenceException(String problem, String reference) {
    super(reference == null ? problem : problem + ": " + quote(reference));
    this.problem = problem;
  }

  /** What is wrong, without the reference, e.g. {@code "repository name must be lowercase"}. */
  public String problem() {
    return problem;
  }

  /** Double-quoted, at most {@value #MAX_QUOTED_LENGTH} characters shown, non-printables escaped. */
  static String quote(String reference) {
    StringBuilder out = new StringBuilder(Math.min(reference.length(), MAX_QUOTED_LENGTH) + 32);
    out.append('"');
    int shown = Math.min(reference.length(), MAX_QUOTED_LENGTH);
    for (int i = 0; i < shown; i++) {
      char c = reference.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    out.append('"');
    if (reference.length() > shown) {
      out.append("... (").append(reference.length()).append(" characters)");
    }
    return out.toString();
  }
}
