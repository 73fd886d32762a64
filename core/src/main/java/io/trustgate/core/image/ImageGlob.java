package io.trustgate.core.image;

import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Optional;

/**
 * A pattern over image names ({@link ImageRef#name()}; tag and digest play no part), as written
 * in a TrustPolicy: {@code *} matches within one path segment, {@code **} matches across segments,
 * everything else is literal.
 *
 * <p>The glob is normalised like a reference name, so {@code nginx} means {@code
 * docker.io/library/nginx} and {@code acme/app*} means {@code docker.io/acme/app*}. A glob that
 * starts with {@code **} already spans registries and is used as written. The registry part is
 * made canonical as {@link ImageRef} does (lowercase, no {@code :443}, one name for Docker Hub):
 * {@code GHCR.IO:443/acme/app} must not slip past a policy for {@code ghcr.io/acme/app*}.
 *
 * <p>Compiled once to an RE2 pattern (linear time); a literal prefix check rejects most
 * ungoverned images before the pattern runs.
 */
public final class ImageGlob {

  static final int MAX_GLOB_LENGTH = 1024;

  private final String glob;
  private final String normalised;
  private final String literalPrefix;
  private final Pattern pattern; // null when the glob has no wildcard

  private ImageGlob(String glob, String normalised) {
    this.glob = glob;
    this.normalised = normalised;
    int star = normalised.indexOf('*');
    this.literalPrefix = star < 0 ? normalised : normalised.substring(0, star);
    this.pattern = star < 0 ? null : Pattern.compile(toRegex(normalised));
  }

  /**
   * Compiles a glob.
   *
   * @throws IllegalArgumentException with a one-sentence reason when the glob is not usable
   */
  public static ImageGlob compile(String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new IllegalArgumentException("image glob is empty");
    }
    if (glob.length() > MAX_GLOB_LENGTH) {
      throw new IllegalArgumentException(
          "image glob is longer than " + MAX_GLOB_LENGTH + " characters");
    }
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '@') {
        throw invalid("must not contain a digest; it matches repository names only", glob);
      }
      if (!isGlobChar(c)) {
        throw invalid("contains an unsupported character at position " + i
            + " (allowed: letters, digits, '.', '_', '-', ':', '/', '[', ']' and '*')", glob);
      }
    }
    if (glob.contains("***")) {
      throw invalid("contains '***'; use '*' within a segment or '**' across segments", glob);
    }
    String normalised = normalise(glob);
    // The limit holds for the normalised form too, so that form is itself a glob that compiles.
    if (normalised.length() > MAX_GLOB_LENGTH) {
      throw new IllegalArgumentException("image glob is longer than " + MAX_GLOB_LENGTH
          + " characters once normalised (" + normalised.length() + ")");
    }
    validateSegments(glob, normalised);
    return new ImageGlob(glob, normalised);
  }

  /** The string every glob is matched against: the lowercased registry, '/', the repository. */
  public static String subject(ImageRef ref) {
    return ReferenceGrammar.lowercase(ref.registry()) + "/" + ref.repository();
  }

  /** Whether the image's name (registry and repository) matches. */
  public boolean matches(ImageRef ref) {
    String name = subject(ref);
    if (!name.startsWith(literalPrefix)) {
      return false;
    }
    return pattern == null ? name.length() == literalPrefix.length() : pattern.matches(name);
  }

  /**
   * The registry of every {@link #subject} this glob matches, when the glob spells it without a
   * wildcard; empty for globs such as {@code **}/x or {@code *.example.com/x}.
   */
  public Optional<String> literalRegistry() {
    int slash = literalPrefix.indexOf('/');
    return slash < 0 ? Optional.empty() : Optional.of(literalPrefix.substring(0, slash));
  }

  /**
   * The registry and first repository segment ({@code ghcr.io/acme}) of every {@link #subject}
   * this glob matches, when both are literal; empty for {@code ghcr.io/acme*} or {@code ghcr.io/**}.
   */
  public Optional<String> literalRepositoryRoot() {
    int first = literalPrefix.indexOf('/');
    if (first < 0) {
      return Optional.empty();
    }
    int second = literalPrefix.indexOf('/', first + 1);
    if (second >= 0) {
      return Optional.of(literalPrefix.substring(0, second));
    }
    return pattern == null ? Optional.of(literalPrefix) : Optional.empty();
  }

  /** The glob as written. */
  public String glob() {
    return glob;
  }

  /** The glob after normalisation, e.g. {@code docker.io/library/nginx} for {@code nginx}. */
  public String normalised() {
    return normalised;
  }

  @Override
  public String toString() {
    return glob;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageGlob that && glob.equals(that.glob);
  }

  @Override
  public int hashCode() {
    return glob.hashCode();
  }

  /** Docker's name normalisation, with the registry lowercased; '*' counts as a name character. */
  private static String normalise(String glob) {
    if (glob.startsWith("**")) {
      return glob;
    }
    String registry = ReferenceGrammar.DOCKER_HUB;
    String path = glob;
    int slash = glob.indexOf('/');
    if (slash >= 0 && ReferenceGrammar.looksLikeRegistry(glob.substring(0, slash))) {
      registry = canonicalRegistry(glob.substring(0, slash), glob);
      path = glob.substring(slash + 1);
    }
    // "docker.io/**" means all of docker.io, not library/**.
    if (registry.equals(ReferenceGrammar.DOCKER_HUB) && path.indexOf('/') < 0 && !path.contains("**")) {
      path = "library/" + path;
    }
    return registry + "/" + path;
  }

  /**
   * The registry part as {@link ImageRef} spells it, so every spelling of a registry is governed:
   * lowercase, no default port, docker.io for Docker Hub. A registry with a wildcard is only
   * lowercased (with a literal port made canonical); a wildcard can only widen what it governs.
   */
  private static String canonicalRegistry(String registry, String glob) {
    String lower = registry.toLowerCase(Locale.ROOT);
    if (lower.indexOf('*') < 0) {
      // A literal registry that no image can have would make a glob that silently governs nothing.
      String problem = ReferenceGrammar.registryProblem(lower);
      if (problem != null) {
        throw invalid("has an unusable registry: " + problem, glob);
      }
      return ReferenceGrammar.canonicalRegistry(lower);
    }
    if (!ReferenceGrammar.looksLikeRegistry(lower)) {
      // Host names are case-insensitive: once lowercased, this part would read as a repository.
      throw invalid("has a registry pattern that reads as a registry only by its capital letters;"
          + " write it in lowercase with a '.' or a port (e.g. \"" + lower + ":443\")", glob);
    }
    String afterBrackets = lower.substring(lower.lastIndexOf(']') + 1);
    if (afterBrackets.indexOf(':') != afterBrackets.lastIndexOf(':')) {
      // "*.example:443:443": no registry has two ports, and dropping one would change the meaning.
      throw invalid("has a registry pattern with more than one port", glob);
    }
    int portColon = lower.lastIndexOf(':');
    if (portColon < 0 || lower.lastIndexOf(']') > portColon || lower.indexOf('*', portColon) >= 0) {
      return lower;
    }
    String port = ReferenceGrammar.canonicalPort(lower.substring(portColon + 1));
    String host = lower.substring(0, portColon);
    if (port == null && !ReferenceGrammar.looksLikeRegistry(host)) {
      port = ReferenceGrammar.DEFAULT_PORT; // as for a single-label host: the port keeps it a registry
    }
    return port == null ? host : host + ":" + port;
  }

  private static void validateSegments(String glob, String normalised) {
    if (normalised.startsWith("/") || normalised.endsWith("/") || normalised.contains("//")) {
      throw invalid("has an empty path segment", glob);
    }
    // Repository paths are lowercase and never hold ':' or brackets (a ':' there would be a tag).
    int firstSlash = normalised.startsWith("**") ? -1 : normalised.indexOf('/');
    for (int i = firstSlash + 1; i < normalised.length(); i++) {
      char c = normalised.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        throw invalid("repository path must be lowercase", glob);
      }
      if (firstSlash >= 0 && c == ':') {
        throw invalid("must not contain a tag; it matches repository names only", glob);
      }
      if (firstSlash >= 0 && (c == '[' || c == ']')) {
        throw invalid("may use '[' and ']' only around an IPv6 registry address", glob);
      }
    }
  }

  private static String toRegex(String normalised) {
    StringBuilder regex = new StringBuilder(normalised.length() * 2);
    for (int i = 0; i < normalised.length(); i++) {
      char c = normalised.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < normalised.length() && normalised.charAt(i + 1) == '*';
        regex.append(doubleStar ? ".*" : "[^/]*");
        i += doubleStar ? 1 : 0;
      } else if (Character.isLetterOrDigit(c)) {
        regex.append(c);
      } else {
        regex.append('\\').append(c); // RE2: backslash before punctuation is a literal
      }
    }
    return regex.toString();
  }

  private static boolean isGlobChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == '[' || c == ']'
        || c == '*';
  }

  private static IllegalArgumentException invalid(String problem, String glob) {
    return new IllegalArgumentException(
        "image glob " + InvalidImageReferenceException.quote(glob) + " " + problem);
  }
}
