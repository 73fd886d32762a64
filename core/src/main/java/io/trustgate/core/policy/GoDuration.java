package io.trustgate.core.policy;

import java.time.Duration;

/** Durations as Kubernetes users write them: {@code 24h}, {@code 90m}, {@code 1h30m}, {@code 500ms}. */
public final class GoDuration {
  private GoDuration() {}

  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("duration is empty");
    }
    if (text.length() > 64) {
      throw new IllegalArgumentException("duration is too long");
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw invalid(text);
      }
      long amount;
      try {
        amount = Long.parseLong(text.substring(start, i));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < text.length() && Character.isLetter(text.charAt(i))) {
        i++;
      }
      String unit = text.substring(unitStart, i);
      try {
        total =
            total.plus(
                switch (unit) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  default -> throw invalid(text);
                });
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration is too large: " + text);
      }
    }
    return total;
  }

  /** Parses a command-line flag's value; the error names the flag. */
  public static Duration parseFlag(String flag, String text) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  /** Formats a duration the way {@link #parse} reads it (e.g. {@code 1h30m}). */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    int ms = d.toMillisPart();
    if (h > 0) sb.append(h).append('h');
    if (m > 0) sb.append(m).append('m');
    if (s > 0) sb.append(s).append('s');
    if (ms > 0) sb.append(ms).append("ms");
    return sb.toString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "\"" + text + "\" is not a duration; use e.g. 24h, 90m, 1h30m, 45s or 500ms");
  }
}
