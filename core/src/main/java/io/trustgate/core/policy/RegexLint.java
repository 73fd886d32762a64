package io.trustgate.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings for identity patterns that are valid but probably wider than meant. They do not stop
 * a policy; the operator shows them in status.
 */
final class RegexLint {
  private RegexLint() {}

  static List<String> lint(String field, String regex) {
    List<String> out = new ArrayList<>();
    String body = regex.startsWith("^") ? regex.substring(1) : regex;
    if (body.isEmpty() || ".([\\*+?|".indexOf(body.charAt(0)) >= 0 && !body.startsWith("\\.")) {
      if (!startsWithEscapedLiteral(body)) {
        out.add(field + " has no literal prefix: it can match identities from any host or repository");
      }
    }
    String host = hostPart(body);
    if (host != null) {
      if (host.contains(".*") || host.contains(".+")) {
        out.add(field + " allows any host name ('" + host + "'): name the host literally");
      } else if (hasUnescapedDot(host)) {
        out.add(
            field
                + " has an unescaped '.' in the host '"
                + host
                + "': it matches any character; write \\.");
      }
    }
    return out;
  }

  private static boolean startsWithEscapedLiteral(String body) {
    return body.length() >= 2 && body.charAt(0) == '\\' && !Character.isLetterOrDigit(body.charAt(1));
  }

  /** The text between "://" and the next "/", when the pattern starts like a URL. */
  private static String hostPart(String body) {
    int scheme = body.indexOf("://");
    if (scheme < 0 || scheme > 8) {
      return null;
    }
    int start = scheme + 3;
    int end = body.indexOf('/', start);
    return end < 0 ? body.substring(start) : body.substring(start, end);
  }

  private static boolean hasUnescapedDot(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '.') {
        return true;
      }
    }
    return false;
  }
}
