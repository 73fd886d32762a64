package io.trustgate.webhook.admission;

import io.trustgate.core.decision.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of an AdmissionResponse: the denial message and the warnings, one {@link
 * Finding#line()} each.
 *
 * <p>The denial goes into {@code status.message}, which kubectl prints after {@code admission
 * webhook "<name>" denied the request: }, so its first line names the object and every further line
 * is one finding, verbatim (a recall reason is the publisher's own words).
 *
 * <p>Warnings travel as HTTP {@code Warning} headers: the apiserver drops any that contain control
 * characters and trims long lists, so each is flattened to one line, cut to {@value
 * #MAX_WARNING_LENGTH} characters, and at most {@value #MAX_WARNINGS} are sent.
 */
final class AdmissionMessages {
  static final int MAX_WARNINGS = 20;
  static final int MAX_WARNING_LENGTH = 1024;
  static final String ELLIPSIS = "…";

  private AdmissionMessages() {}

  /**
   * {@code trustgate denied Deployment prod/web:} followed by one line per denying finding.
   *
   * @param subject the object, e.g. {@code Deployment prod/web}
   */
  static String denial(String subject, List<Finding> denials) {
    StringBuilder message = new StringBuilder(64 + 160 * denials.size());
    message.append("trustgate denied ").append(subject).append(':');
    for (Finding finding : denials) {
      message.append('\n').append(finding.line());
    }
    return message.toString();
  }

  /**
   * One warning per finding, in order; past {@value #MAX_WARNINGS}, the last slot says how many
   * were left out.
   */
  static List<String> warnings(List<Finding> findings) {
    int total = findings.size();
    boolean omitting = total > MAX_WARNINGS;
    int shown = omitting ? MAX_WARNINGS - 1 : total;
    List<String> warnings = new ArrayList<>(omitting ? MAX_WARNINGS : total);
    for (int i = 0; i < shown; i++) {
      warnings.add(warning(findings.get(i).line()));
    }
    if (omitting) {
      int omitted = total - shown;
      warnings.add("trustgate: " + omitted + " more warning" + (omitted == 1 ? "" : "s") + " not shown");
    }
    return warnings;
  }

  /** A line fit for a Warning header: no control characters, at most MAX_WARNING_LENGTH chars. */
  static String warning(String line) {
    boolean tooLong = line.length() > MAX_WARNING_LENGTH;
    int end = tooLong ? MAX_WARNING_LENGTH - ELLIPSIS.length() : line.length();
    if (tooLong && Character.isHighSurrogate(line.charAt(end - 1))) {
      end--; // do not cut a character in half
    }
    StringBuilder out = null;
    for (int i = 0; i < end; i++) {
      if (Character.isISOControl(line.charAt(i))) {
        if (out == null) {
          out = new StringBuilder(end + 1).append(line, 0, i);
        }
        out.append(' ');
      } else if (out != null) {
        out.append(line.charAt(i));
      }
    }
    String clean = out != null ? out.toString() : tooLong ? line.substring(0, end) : line;
    return tooLong ? clean + ELLIPSIS : clean;
  }
}
