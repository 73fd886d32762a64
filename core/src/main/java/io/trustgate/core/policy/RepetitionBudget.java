package io.trustgate.core.policy;

/**
 * Bounds how far counted repetitions in an RE2 pattern expand. re2j compiles {@code x{n}} into n
 * copies of x, so nested counts multiply: {@code ((((a{100}){100}){100}){100})}, 29 characters,
 * exhausts the heap while compiling. re2j has no size limit of its own (RE2 and Go do), so the
 * compiler checks the product of nested counts before handing the pattern to re2j.
 *
 * <p>This is a scan for {@code {n}}, {@code {n,}} and {@code {n,m}}, aware of escapes, {@code
 * \Q...\E} and character classes, not a regex parser: anything it misreads is still compiled, and
 * errs towards counting more.
 */
final class RepetitionBudget {
  /** The largest product of nested repetition counts; RE2 allows 1000 for a single one. */
  static final long MAX_EXPANSION = 1000;

  private RepetitionBudget() {}

  /** A sentence when the pattern's nested repetitions expand beyond the budget, else null. */
  static String problemWith(String regex) {
    long[] frames = new long[regex.length() + 2]; // largest weight seen inside each open group
    int depth = 0;
    frames[0] = 1;
    long last = 1; // weight of the atom just read, which a repetition would multiply
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i = skipEscape(regex, i);
        last = 1;
      } else if (c == '[') {
        i = skipClass(regex, i);
        last = 1;
      } else if (c == '(') {
        frames[++depth] = 1;
        i++;
        continue;
      } else if (c == ')' && depth > 0) {
        last = frames[depth--];
        i++;
      } else if (c == '{') {
        int end = regex.indexOf('}', i);
        long count = end < 0 ? -1 : countOf(regex.substring(i + 1, end));
        if (count >= 0) {
          long weight = last * Math.max(count, 1); // last <= MAX_EXPANSION: no overflow
          if (weight > MAX_EXPANSION) {
            return "nested counted repetitions expand to " + weight + " copies, more than the limit of "
                + MAX_EXPANSION + " (write fewer or smaller {n} repetitions)";
          }
          last = weight;
          i = end + 1;
        } else {
          last = 1;
          i++;
        }
      } else {
        last = 1;
        i++;
      }
      frames[depth] = Math.max(frames[depth], last);
    }
    return null;
  }

  /** The count a repetition body {@code n}, {@code n,} or {@code n,m} expands to; -1 if it is not one. */
  private static long countOf(String body) {
    int comma = body.indexOf(',');
    String low = comma < 0 ? body : body.substring(0, comma);
    String high = comma < 0 ? "" : body.substring(comma + 1);
    if (!isNumber(low) || !(high.isEmpty() || isNumber(high))) {
      return -1;
    }
    String count = high.isEmpty() ? low : high;
    return count.length() > 9 ? Integer.MAX_VALUE : Long.parseLong(count);
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  private static int skipEscape(String regex, int i) {
    if (i + 1 >= regex.length()) {
      return i + 1;
    }
    char next = regex.charAt(i + 1);
    if (next == 'Q') {
      int end = regex.indexOf("\\E", i + 2);
      return end < 0 ? regex.length() : end + 2;
    }
    if ((next == 'p' || next == 'P' || next == 'x') && i + 2 < regex.length() && regex.charAt(i + 2) == '{') {
      int end = regex.indexOf('}', i + 3);
      return end < 0 ? regex.length() : end + 1;
    }
    return i + 2;
  }

  /** Past the ']' that closes the class opened at {@code i}; a leading ']' is literal. */
  private static int skipClass(String regex, int i) {
    int j = i + 1;
    if (j < regex.length() && regex.charAt(j) == '^') {
      j++;
    }
    if (j < regex.length() && regex.charAt(j) == ']') {
      j++;
    }
    while (j < regex.length()) {
      char c = regex.charAt(j);
      if (c == '\\') {
        j = skipEscape(regex, j);
      } else if (c == '[' && j + 1 < regex.length() && regex.charAt(j + 1) == ':') {
        int end = regex.indexOf(":]", j + 2);
        j = end < 0 ? j + 1 : end + 2;
      } else if (c == ']') {
        return j + 1;
      } else {
        j++;
      }
    }
    return j;
  }
}
