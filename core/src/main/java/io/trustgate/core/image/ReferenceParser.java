package io.trustgate.core.image;

/**
 * Splits a reference string into registry, repository, tag and digest and normalises it like
 * docker's {@code ParseNormalizedNamed}; {@link ReferenceGrammar} then validates the parts.
 *
 * <p>Input comes from Pod specs and is hostile: the length is bounded before anything else, the
 * scan is linear, and every failure is an {@link InvalidImageReferenceException}.
 */
final class ReferenceParser {

  static final int MAX_REFERENCE_LENGTH = 4096;

  private ReferenceParser() {}

  static ImageRef parse(String reference) throws InvalidImageReferenceException {
    if (reference == null) {
      throw new InvalidImageReferenceException("image reference is missing", null);
    }
    if (reference.isEmpty()) {
      throw new InvalidImageReferenceException("image reference is empty", null);
    }
    if (reference.length() > MAX_REFERENCE_LENGTH) {
      throw new InvalidImageReferenceException(
          "image reference is longer than " + MAX_REFERENCE_LENGTH + " characters", reference);
    }
    String problem = characterProblem(reference);
    if (problem == null && isBareIdentifier(reference)) {
      problem = "image reference is a bare 64-character hexadecimal image ID, not a repository name";
    }
    if (problem != null) {
      throw new InvalidImageReferenceException(problem, reference);
    }

    int at = reference.indexOf('@');
    if (at >= 0 && reference.indexOf('@', at + 1) >= 0) {
      throw new InvalidImageReferenceException("image reference contains more than one '@'", reference);
    }
    String namePart = at < 0 ? reference : reference.substring(0, at);
    String digest = at < 0 ? null : reference.substring(at + 1);
    if (digest != null && digest.isEmpty()) {
      throw new InvalidImageReferenceException("digest after '@' is empty", reference);
    }

    // A ':' after the last '/' starts the tag; earlier ones belong to a registry port.
    int colon = namePart.lastIndexOf(':');
    String tag = null;
    String name = namePart;
    if (colon > namePart.lastIndexOf('/')) {
      tag = namePart.substring(colon + 1);
      name = namePart.substring(0, colon);
      if (tag.isEmpty()) {
        throw new InvalidImageReferenceException("tag after ':' is empty", reference);
      }
    }
    if (name.isEmpty()) {
      throw new InvalidImageReferenceException("repository name is empty", reference);
    }

    String registry = ReferenceGrammar.DOCKER_HUB;
    String repository = name;
    int slash = name.indexOf('/');
    if (slash >= 0 && ReferenceGrammar.looksLikeRegistry(name.substring(0, slash))) {
      registry = name.substring(0, slash);
      repository = name.substring(slash + 1);
      // Canonical before the docker.io rules below: REGISTRY-1.DOCKER.IO:443/nginx is docker.io/library/nginx.
      String registryProblem = ReferenceGrammar.registryProblem(registry);
      if (registryProblem != null) {
        throw new InvalidImageReferenceException(registryProblem, reference);
      }
      registry = ReferenceGrammar.canonicalRegistry(registry);
    }
    if (registry.equals(ReferenceGrammar.DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }

    try {
      return new ImageRef(registry, repository, tag, digest);
    } catch (IllegalArgumentException e) {
      throw new InvalidImageReferenceException(e.getMessage(), reference);
    }
  }

  /** Rejects anything outside the reference alphabet up front, naming the first offender. */
  private static String characterProblem(String reference) {
    for (int i = 0; i < reference.length(); i++) {
      char c = reference.charAt(i);
      if (isReferenceChar(c)) {
        continue;
      }
      String what;
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        what = "whitespace";
      } else if (Character.isISOControl(c)) {
        what = "a control character";
      } else if (c > 0x7e) {
        what = "a non-ASCII character";
      } else {
        what = "the character '" + c + "'";
      }
      return "image reference contains " + what + " at position " + i;
    }
    return null;
  }

  private static boolean isReferenceChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == '@'
        || c == '[' || c == ']' || c == '+';
  }

  /** Docker refuses a bare image ID where a name is expected. */
  private static boolean isBareIdentifier(String reference) {
    if (reference.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = reference.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
