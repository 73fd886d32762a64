package io.trustgate.core.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A release manifest ({@code {variant}-image-{arch}.manifest.json}): what one variant and
 * architecture of one release consists of. Times may be null when the manifest omits them.
 */
public record ReleaseManifest(
    int schemaVersion,
    String version,
    String arch,
    String variant,
    String rootfsFormat,
    List<Artifact> artifacts,
    String nixStoreHash,
    String sourceGitSha,
    Map<String, String> flakeLocks,
    List<String> addressedAdvisories,
    Instant builtAt,
    Instant notAfter) {

  public ReleaseManifest {
    artifacts = List.copyOf(artifacts);
    flakeLocks = Map.copyOf(flakeLocks);
    addressedAdvisories = List.copyOf(addressedAdvisories);
  }

  /** The artifact with this SHA-256, compared case-insensitively. */
  public Optional<Artifact> artifactWithSha256(String sha256Hex) {
    String wanted = sha256Hex.toLowerCase(Locale.ROOT);
    for (Artifact a : artifacts) {
      if (a.sha256().equals(wanted)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Expired strictly after not_after; at not_after it is still valid. */
  public boolean expiredAt(Instant now) {
    return notAfter != null && now.isAfter(notAfter);
  }
}
