package io.trustgate.core.image;

/**
 * The component rules of the distribution reference grammar (github.com/distribution/reference),
 * as hand-written linear scanners: every method looks at each character once and returns a
 * one-sentence problem, or {@code null} when the component is valid.
 *
 * <pre>
 * domain         := host [':' port]            host := domain-name | '[' ipv6 ']'
 * domain-name    := label ('.' label)*          label := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * path           := component ('/' component)*
 * component      := [a-z0-9]+ (separator [a-z0-9]+)*     separator := [._] | '__' | [-]+
 * tag            := [\w][\w.-]{0,127}
 * digest         := algorithm ':' hex{32,}      algorithm := [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)*
 * </pre>
 *
 * Like go-digest, only sha256, sha384 and sha512 digests are accepted, with exactly 64, 96 or 128
 * lowercase hex digits.
 */
final class ReferenceGrammar {

  static final String DOCKER_HUB = "docker.io";
  static final String LEGACY_DOCKER_HUB = "index.docker.io";
  /** Docker Hub's API host: pulls from it are pulls from docker.io. */
  static final String DOCKER_HUB_API = "registry-1.docker.io";
  /** The default port of an https registry; {@code host:443} is {@code host}. */
  static final String DEFAULT_PORT = "443";
  static final String LOCALHOST = "localhost";
  static final int MAX_NAME_LENGTH = 255;
  static final int MAX_TAG_LENGTH = 128;

  private ReferenceGrammar() {}

  /**
   * Whether the first path element of a name is a registry host rather than a repository
   * component: docker's rule is "contains '.' or ':', is localhost, or has uppercase letters".
   */
  static boolean looksLikeRegistry(String firstComponent) {
    if (firstComponent.equals(LOCALHOST)) {
      return true;
    }
    for (int i = 0; i < firstComponent.length(); i++) {
      char c = firstComponent.charAt(i);
      if (c == '.' || c == ':' || (c >= 'A' && c <= 'Z')) {
        return true;
      }
    }
    return false;
  }

  /** Problems with a complete, canonical reference; the record's invariant. */
  static String problemWith(String registry, String repository, String tag, String digest) {
    if (registry == null) {
      return "registry is missing";
    }
    if (repository == null) {
      return "repository is missing";
    }
    String problem = registryProblem(registry);
    if (problem == null) {
      problem = repositoryProblem(repository);
    }
    if (problem == null) {
      problem = canonicalFormProblem(registry, repository);
    }
    if (problem == null && tag != null) {
      problem = tagProblem(tag);
    }
    if (problem == null && digest != null) {
      problem = digestProblem(digest);
    }
    return problem;
  }

  private static String canonicalFormProblem(String registry, String repository) {
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      return "repository name is longer than " + MAX_NAME_LENGTH + " characters";
    }
    if (!looksLikeRegistry(registry)) {
      return "registry host must contain '.' or ':' or be localhost, or it reads as a repository";
    }
    if (registry.equals(LEGACY_DOCKER_HUB)) {
      return "registry index.docker.io must be written as docker.io";
    }
    if (!registry.equals(canonicalRegistry(registry))) {
      return "registry " + excerpt(registry) + " must be written as " + excerpt(canonicalRegistry(registry));
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      return "repositories on docker.io need a namespace, e.g. library/" + repository;
    }
    return null;
  }

  /**
   * One spelling per registry, so a policy cannot be passed by respelling its host: lowercase
   * (DNS names are case-insensitive), no default port {@code :443} (and no leading zeros in a
   * port, which a client reads as the same number), and {@code docker.io} for Docker Hub's other
   * names. A single-label host other than {@code localhost} keeps {@code :443}, which makes it read
   * as a registry rather than a repository component, however it was written ({@code MYHOST},
   * {@code Myhost:0443} and {@code myhost:443} are all {@code myhost:443}).
   * {@code registry} must be valid.
   */
  static String canonicalRegistry(String registry) {
    String host = registry;
    String port = null;
    int portColon = registry.startsWith("[") ? registry.indexOf(':', registry.indexOf(']')) : registry.indexOf(':');
    if (portColon >= 0) {
      host = registry.substring(0, portColon);
      port = canonicalPort(registry.substring(portColon + 1));
    }
    String lower = lowercase(host);
    if (port == null && !looksLikeRegistry(lower)) {
      // A single-label host needs something that makes it read as a registry rather than a
      // repository component. Always the default port, never its capitals: MYHOST, Myhost and
      // myhost:443 are one registry and must have one spelling.
      port = DEFAULT_PORT;
    }
    if (port == null && (lower.equals(LEGACY_DOCKER_HUB) || lower.equals(DOCKER_HUB_API))) {
      lower = DOCKER_HUB;
    }
    return port == null ? lower : lower + ":" + port;
  }

  /** A port without leading zeros, or null for the default port 443. */
  static String canonicalPort(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    String port = digits.substring(i);
    return port.equals(DEFAULT_PORT) ? null : port;
  }

  static String lowercase(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return text.toLowerCase(java.util.Locale.ROOT);
      }
    }
    return text;
  }

  static String registryProblem(String registry) {
    if (registry.isEmpty()) {
      return "registry host is empty";
    }
    int portStart;
    if (registry.charAt(0) == '[') {
      int close = registry.indexOf(']');
      if (close < 0) {
        return "IPv6 registry address is missing its closing ']'";
      }
      if (close == 1) {
        return "IPv6 registry address is empty";
      }
      for (int i = 1; i < close; i++) {
        char c = registry.charAt(i);
        if (!isHex(c) && c != ':') {
          return "IPv6 registry address may contain only hexadecimal digits and ':'";
        }
      }
      portStart = close + 1;
    } else {
      int colon = registry.indexOf(':');
      portStart = colon < 0 ? registry.length() : colon;
      String problem = hostNameProblem(registry, portStart);
      if (problem != null) {
        return problem;
      }
    }
    return portProblem(registry, portStart);
  }

  private static String hostNameProblem(String registry, int end) {
    int labelStart = 0;
    for (int i = 0; i <= end; i++) {
      char c = i < end ? registry.charAt(i) : '.';
      if (c == '.') {
        if (i == labelStart) {
          return "registry host has an empty label";
        }
        if (registry.charAt(labelStart) == '-' || registry.charAt(i - 1) == '-') {
          return "registry host labels must not start or end with '-'";
        }
        labelStart = i + 1;
      } else if (!isAsciiLetterOrDigit(c) && c != '-') {
        return "registry host may contain only letters, digits, '-' and '.'";
      }
    }
    return null;
  }

  private static String portProblem(String registry, int portStart) {
    if (portStart == registry.length()) {
      return null;
    }
    if (registry.charAt(portStart) != ':' || portStart + 1 == registry.length()) {
      return "registry port must be ':' followed by digits";
    }
    for (int i = portStart + 1; i < registry.length(); i++) {
      if (!isDigit(registry.charAt(i))) {
        return "registry port must be ':' followed by digits";
      }
    }
    return null;
  }

  static String repositoryProblem(String repository) {
    if (repository.isEmpty()) {
      return "repository path is empty";
    }
    for (int i = 0; i < repository.length(); i++) {
      char c = repository.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return "repository name must be lowercase";
      }
    }
    int componentStart = 0;
    for (int i = 0; i <= repository.length(); i++) {
      if (i == repository.length() || repository.charAt(i) == '/') {
        String problem = pathComponentProblem(repository, componentStart, i);
        if (problem != null) {
          return problem;
        }
        componentStart = i + 1;
      }
    }
    return null;
  }

  /** {@code [a-z0-9]+ ((?:[._]|__|[-]+) [a-z0-9]+)*} over repository[start, end). */
  private static String pathComponentProblem(String path, int start, int end) {
    if (start == end) {
      return "repository path has an empty component";
    }
    int i = start;
    while (i < end) {
      char c = path.charAt(i);
      if (isLowerAlnum(c)) {
        i++;
        continue;
      }
      if (c != '.' && c != '_' && c != '-') {
        return "repository path may contain only lowercase letters, digits, '.', '_', '-' and '/'";
      }
      if (i == start) {
        return "repository path components must start with a letter or digit";
      }
      int separatorStart = i;
      while (i < end && !isLowerAlnum(path.charAt(i))) {
        char s = path.charAt(i);
        if (s != '.' && s != '_' && s != '-') {
          return "repository path may contain only lowercase letters, digits, '.', '_', '-' and '/'";
        }
        i++;
      }
      if (i == end) {
        return "repository path components must end with a letter or digit";
      }
      if (!isValidSeparator(path, separatorStart, i)) {
        return "repository path has an invalid separator '"
            + excerpt(path.substring(separatorStart, i)) + "' (allowed: '.', '_', '__' or dashes)";
      }
    }
    return null;
  }

  private static boolean isValidSeparator(String path, int start, int end) {
    int length = end - start;
    char first = path.charAt(start);
    if (length == 1) {
      return true;
    }
    if (first == '_') {
      return length == 2 && path.charAt(start + 1) == '_';
    }
    for (int i = start; i < end; i++) {
      if (path.charAt(i) != '-') {
        return false;
      }
    }
    return true;
  }

  static String tagProblem(String tag) {
    if (tag.isEmpty()) {
      return "tag is empty";
    }
    if (tag.length() > MAX_TAG_LENGTH) {
      return "tag is longer than " + MAX_TAG_LENGTH + " characters";
    }
    if (!isWordChar(tag.charAt(0))) {
      return "tag must start with a letter, digit or '_'";
    }
    for (int i = 1; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (!isWordChar(c) && c != '.' && c != '-') {
        return "tag may contain only letters, digits, '_', '.' and '-'";
      }
    }
    return null;
  }

  static String digestProblem(String digest) {
    int colon = digest.indexOf(':');
    if (colon < 0) {
      return "digest must have the form algorithm:hex";
    }
    if (!isValidAlgorithm(digest, colon)) {
      return "digest algorithm must be letters and digits, e.g. sha256";
    }
    int hexDigits = digest.length() - colon - 1;
    boolean upper = false;
    for (int i = colon + 1; i < digest.length(); i++) {
      char c = digest.charAt(i);
      if (!isHex(c)) {
        return "digest must have the form algorithm:hex";
      }
      upper |= c >= 'A' && c <= 'F';
    }
    if (hexDigits < 32) {
      return "digest must have at least 32 hexadecimal digits";
    }
    String algorithm = digest.substring(0, colon);
    int expected = switch (algorithm) {
      case "sha256" -> 64;
      case "sha384" -> 96;
      case "sha512" -> 128;
      default -> -1;
    };
    if (expected < 0) {
      return "unsupported digest algorithm '" + excerpt(algorithm)
          + "' (sha256, sha384 or sha512)";
    }
    if (hexDigits != expected) {
      return algorithm + " digest must have exactly " + expected + " hexadecimal digits";
    }
    if (upper) {
      return "digest must use lowercase hexadecimal digits";
    }
    return null;
  }

  /** {@code [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*} over digest[0, end). */
  private static boolean isValidAlgorithm(String digest, int end) {
    boolean expectLetter = true;
    for (int i = 0; i < end; i++) {
      char c = digest.charAt(i);
      if (expectLetter) {
        if (!isAsciiLetter(c)) {
          return false;
        }
        expectLetter = false;
      } else if (c == '-' || c == '_' || c == '+' || c == '.') {
        expectLetter = true;
      } else if (!isAsciiLetterOrDigit(c)) {
        return false;
      }
    }
    return !expectLetter;
  }

  /** Problems quote pieces of hostile input: keep them short (they are validated ASCII). */
  private static String excerpt(String piece) {
    return piece.length() <= 16 ? piece : piece.substring(0, 16) + "...";
  }

  static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || isDigit(c);
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c);
  }

  private static boolean isWordChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '_';
  }
}
