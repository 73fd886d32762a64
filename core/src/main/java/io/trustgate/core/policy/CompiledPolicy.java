package io.trustgate.core.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.core.image.ImageRef;
import java.util.List;
import java.util.Optional;

/**
 * A TrustPolicy compiled for evaluation: regexes compiled, placeholders checked, defaults
 * applied. Immutable; distinct from the spec users write.
 */
public record CompiledPolicy(
    String name,
    PolicyMode mode,
    List<CompiledSelector> images,
    Pattern versionFromTag,
    List<String> arches,
    ManifestRule manifests,
    Optional<RevocationRule> revocations,
    TrustRootRef trustRoot,
    boolean requireDigest,
    boolean expiryEnforced,
    boolean skipHashVerify,
    boolean skipCosignVerify,
    List<String> lintWarnings) {

  /** Versions end up in URLs and identities: keep them to a safe alphabet. */
  private static final Pattern SAFE_VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");

  public CompiledPolicy {
    images = List.copyOf(images);
    arches = List.copyOf(arches);
    lintWarnings = List.copyOf(lintWarnings);
  }

  /** The first image selector governing this reference, if any. */
  public Optional<CompiledSelector> selectorFor(ImageRef ref) {
    for (CompiledSelector s : images) {
      if (s.glob().matches(ref)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The release version named by an image tag, if the tag names one. */
  public Optional<String> versionOf(String tag) {
    if (tag == null) {
      return Optional.empty();
    }
    Matcher m = versionFromTag.matcher(tag);
    if (!m.matches()) {
      return Optional.empty();
    }
    String version = m.group("version");
    if (version == null || !SAFE_VERSION.matcher(version).matches()) {
      return Optional.empty();
    }
    return Optional.of(version);
  }

  public boolean escapeHatchActive() {
    return skipHashVerify || skipCosignVerify;
  }
}
