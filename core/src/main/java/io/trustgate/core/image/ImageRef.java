package io.trustgate.core.image;

import java.util.Optional;

/**
 * A container image reference in canonical form: {@code registry/repository[:tag][@digest]}.
 *
 * <p>Parsing follows the distribution reference grammar and docker's normalisation: no registry
 * means {@code docker.io}, a single-component repository on docker.io gets {@code library/},
 * and {@code index.docker.io} and {@code registry-1.docker.io} are {@code docker.io}. Beyond
 * docker, the registry gets one spelling per registry (lowercase, no default port {@code :443}),
 * so no respelling of a host can slip past a policy's glob.
 *
 * <p>The constructor accepts only canonical, valid references (it throws {@link
 * IllegalArgumentException} otherwise), so {@code ImageRef.parse(ref.toString()).equals(ref)}
 * always holds. Use {@link #parse} for untrusted input.
 *
 * @param registry host with optional port, e.g. {@code ghcr.io}, {@code localhost:5000}, {@code [::1]:5000}
 * @param repository lowercase path, e.g. {@code acme-labs/forge-dev}
 * @param tag the tag, or {@code null}
 * @param digest {@code algorithm:hex} with lowercase hex, or {@code null}
 */
public record ImageRef(String registry, String repository, String tag, String digest) {

  /** References longer than this are refused before any other work. */
  public static final int MAX_REFERENCE_LENGTH = ReferenceParser.MAX_REFERENCE_LENGTH;

  /** Longest {@link #name()}, as in distribution. */
  public static final int MAX_NAME_LENGTH = ReferenceGrammar.MAX_NAME_LENGTH;

  private static final String SHA256_PREFIX = "sha256:";

  public ImageRef {
    String problem = ReferenceGrammar.problemWith(registry, repository, tag, digest);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses and normalises a reference as written in a Pod spec.
   *
   * @throws InvalidImageReferenceException for anything that is not a valid reference, including
   *     {@code null}, empty and over-long input; nothing else is thrown
   */
  public static ImageRef parse(String reference) throws InvalidImageReferenceException {
    return ReferenceParser.parse(reference);
  }

  /** {@code registry/repository}, e.g. {@code docker.io/library/nginx}. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The 64 lowercase hex digits of a {@code sha256:} digest; empty for other or no digests. */
  public Optional<String> sha256Hex() {
    if (digest != null && digest.startsWith(SHA256_PREFIX)) {
      return Optional.of(digest.substring(SHA256_PREFIX.length()));
    }
    return Optional.empty();
  }

  /** The canonical form, always with the registry: {@code docker.io/library/nginx:1.27@sha256:...}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(registry.length() + repository.length() + 100);
    out.append(registry).append('/').append(repository);
    if (tag != null) {
      out.append(':').append(tag);
    }
    if (digest != null) {
      out.append('@').append(digest);
    }
    return out.toString();
  }
}
