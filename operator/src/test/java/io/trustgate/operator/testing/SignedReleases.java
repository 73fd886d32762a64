package io.trustgate.operator.testing;

import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.ManifestSource;
import io.trustgate.api.v1alpha1.RevocationSource;
import io.trustgate.api.v1alpha1.Signer;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.BundleVersion;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Signed manifests and revocation lists published on a {@link LoopbackReleaseServer}, and a
 * TrustPolicy spec pointing at them, signed by the test Sigstore whose root
 * {@link #writeTrustedRoot} writes.
 */
public final class SignedReleases {
  public static final String LIST_PATH = "/revocations/revoked-versions.json";
  private static final FakeSigstore SIGSTORE = FakeSigstore.create(42);

  private final LoopbackReleaseServer server;

  public SignedReleases(LoopbackReleaseServer server) {
    this.server = server;
  }

  public static Path writeTrustedRoot(Path dir) {
    return SIGSTORE.writeTrustedRoot(dir);
  }

  /** A policy over forge-dev images with a revocation list refreshed hourly, stale after 2h. */
  public TrustPolicySpec spec() {
    TrustPolicySpec spec = new TrustPolicySpec();
    spec.images = List.of(new ImageSelector(ReleaseWorld.IMAGE + "*", "dev"));
    spec.manifests = new ManifestSource(server.url("/v{version}/{variant}-image-{arch}.manifest.json"),
        Signer.identityRegex(ReleaseWorld.ISSUER,
            "https://github\\.com/acme-labs/forge/\\.github/workflows/release\\.yml@refs/tags/v{version}"));
    spec.revocations = new RevocationSource(server.url(LIST_PATH), Signer.exact(ReleaseWorld.ISSUER, ReleaseWorld.REVOCATION_IDENTITY));
    spec.revocations.refreshInterval = "1h";
    spec.revocations.maxStaleness = "2h";
    return spec;
  }

  /** Publishes a signed dev manifest for version/arch; returns the image digest it lists. */
  public String release(String version, String arch) {
    String digest = ReleaseWorld.digest(version + "/" + arch);
    String path = "/v" + version + "/dev-image-" + arch + ".manifest.json";
    publish(path, ReleaseWorld.manifestJson(version, "dev", arch, ReleaseWorld.NOT_AFTER, digest),
        ReleaseWorld.releaseIdentity(version));
    return digest;
  }

  /** Entries as "version variant arch reason…". */
  public void publishList(long sequence, String issuedAt, String... entries) {
    publish(LIST_PATH, ReleaseWorld.listJson(sequence, issuedAt, entries), ReleaseWorld.REVOCATION_IDENTITY);
  }

  /** As {@link #publishList}, with the bundle in cosign v2.x's legacy format when {@code legacy}. */
  public void publishList(boolean legacy, long sequence, String issuedAt, String... entries) {
    byte[] list = ReleaseWorld.listJson(sequence, issuedAt, entries);
    server.put(LIST_PATH, list);
    server.put(LIST_PATH + ".bundle", SIGSTORE.sign(list, request(ReleaseWorld.REVOCATION_IDENTITY)
        .version(legacy ? BundleVersion.LEGACY_COSIGN : BundleVersion.V0_3).build()));
  }

  public void withdrawList() {
    server.remove(LIST_PATH);
    server.remove(LIST_PATH + ".bundle");
  }

  private void publish(String path, byte[] document, String identity) {
    server.put(path, document);
    server.put(path + ".bundle", SIGSTORE.sign(document, request(identity).build()));
  }

  private static SignRequest.Builder request(String identity) {
    return SignRequest.builder().identity(identity)
        .issuer(ReleaseWorld.ISSUER).signedAt(ReleaseWorld.NOW.minus(Duration.ofDays(30)));
  }
}
