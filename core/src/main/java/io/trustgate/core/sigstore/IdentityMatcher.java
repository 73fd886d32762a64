package io.trustgate.core.sigstore;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * Matches one field of a signing certificate (the OIDC issuer or the subject alternative name).
 *
 * <p>Regular expressions use RE2 syntax (com.google.re2j): linear-time matching, no ReDoS. Two
 * regex flavours exist because two audiences write them:
 *
 * <ul>
 *   <li>{@link #fullMatch(String)}: TrustPolicy semantics. The whole candidate must match, as if
 *       the pattern were wrapped in {@code ^(?:...)$}.
 *   <li>{@link #search(String)}: cosign {@code verify-blob --certificate-identity-regexp}
 *       semantics. The pattern may match any substring (Go's {@code regexp.MatchString}).
 * </ul>
 *
 * <p>No factory accepts a null, empty or blank value: a matcher without content would accept any
 * identity.
 */
public sealed interface IdentityMatcher permits IdentityMatcher.Exact, IdentityMatcher.Regex {

  /** The candidate must equal {@code value} exactly (case-sensitive). */
  static IdentityMatcher exact(String value) {
    return new Exact(value);
  }

  /** The whole candidate must match the RE2 pattern (implicitly anchored). */
  static IdentityMatcher fullMatch(String re2Regex) {
    return new Regex(re2Regex, true);
  }

  /** Some substring of the candidate must match the RE2 pattern (unanchored search). */
  static IdentityMatcher search(String re2Regex) {
    return new Regex(re2Regex, false);
  }

  /** Whether {@code candidate} is accepted; a null candidate never is. */
  boolean matches(String candidate);

  /** Short human text for messages, e.g. {@code "https://x"} or {@code regex ^a.*$}. */
  String describe();

  /** Exact, case-sensitive string equality. */
  record Exact(String value) implements IdentityMatcher {
    public Exact {
      requireContent(value, "exact identity value");
    }

    @Override
    public boolean matches(String candidate) {
      return value.equals(candidate);
    }

    @Override
    public String describe() {
      return '"' + value + '"';
    }
  }

  /** The one wording of a regex error everywhere: what the user wrote, then what is wrong. */
  static String invalidRegex(String asWritten, PatternSyntaxException e) {
    return "invalid RE2 regular expression '" + asWritten + "': " + e.getDescription();
  }

  /** An RE2 pattern, either anchored (full match) or unanchored (search). */
  final class Regex implements IdentityMatcher {
    private final String pattern;
    private final boolean anchored;
    private final Pattern compiled;

    private Regex(String pattern, boolean anchored) {
      requireContent(pattern, "identity regular expression");
      this.pattern = pattern;
      this.anchored = anchored;
      try {
        this.compiled = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(invalidRegex(pattern, e), e);
      }
    }

    /** The pattern as written. */
    public String pattern() {
      return pattern;
    }

    /** True for TrustPolicy (whole-string) semantics, false for cosign (search) semantics. */
    public boolean anchored() {
      return anchored;
    }

    @Override
    public boolean matches(String candidate) {
      if (candidate == null) {
        return false;
      }
      // re2j's Matcher.matches() is a whole-input match; find() is Go's MatchString.
      return anchored ? compiled.matcher(candidate).matches() : compiled.matcher(candidate).find();
    }

    @Override
    public String describe() {
      return anchored ? "regex " + pattern : "regex " + pattern + " (substring search)";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Regex other
          && anchored == other.anchored
          && pattern.equals(other.pattern);
    }

    @Override
    public int hashCode() {
      return Objects.hash(pattern, anchored);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private static void requireContent(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          what + " must not be null or empty: an empty matcher would accept any identity");
    }
  }
}
