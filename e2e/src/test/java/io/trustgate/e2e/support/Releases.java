package io.trustgate.e2e.support;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.ManifestSource;
import io.trustgate.api.v1alpha1.RevocationSource;
import io.trustgate.api.v1alpha1.Signer;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.api.v1alpha1.TrustRoot;
import io.trustgate.core.evidence.MirrorConfigMap;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A project's release pipeline, as the cluster sees it in an air-gapped install: manifests and
 * revocation lists signed by the test Sigstore and published as mirror ConfigMaps (what
 * {@code trustgate import | kubectl apply -f -} creates). Each scenario class uses its own
 * project, so its images and policy do not touch the others'.
 */
public final class Releases {
  public static final String NAMESPACE = "trustgate-system";
  public static final String TRUST_ROOT_CONFIGMAP = "trustgate-trusted-root";
  static final FakeSigstore SIGSTORE = FakeSigstore.create(42);

  private final KubernetesClient admin;
  private final String project;

  public Releases(KubernetesClient admin, String project) {
    this.admin = admin;
    this.project = project;
  }

  /** The test Sigstore's trusted_root.json, in the ConfigMap every e2e policy names. */
  public static ConfigMap trustRootConfigMap() {
    return new ConfigMapBuilder().withNewMetadata().withName(TRUST_ROOT_CONFIGMAP).withNamespace(NAMESPACE).endMetadata()
        .withData(Map.of("trusted_root.json", new String(SIGSTORE.trustedRootJson(), java.nio.charset.StandardCharsets.UTF_8)))
        .build();
  }

  public String image() {
    return "ghcr.io/acme-labs/" + project + "-dev";
  }

  public String image(String version, String digest) {
    return image() + ":v" + version + "@sha256:" + digest;
  }

  private String base() {
    return "https://releases.example.test/acme-labs/" + project + "/releases/download";
  }

  public String listUrl() {
    return base() + "/revocations/revoked-versions.json";
  }

  public String releaseIdentity(String version) {
    return "https://github.com/acme-labs/" + project + "/.github/workflows/release.yml@refs/tags/v" + version;
  }

  public String revocationIdentity() {
    return "https://github.com/acme-labs/" + project + "/.github/workflows/revocations.yml@refs/tags/revocations";
  }

  /** The project's policy: its dev images, both arches, its revocation list refreshed every 5 s. */
  public TrustPolicy policy(String name) {
    TrustPolicySpec spec = new TrustPolicySpec();
    spec.images = List.of(new ImageSelector(image() + "*", "dev"));
    spec.manifests = new ManifestSource(base() + "/v{version}/{variant}-image-{arch}.manifest.json",
        Signer.identityRegex(ReleaseWorld.ISSUER,
            "https://github\\.com/acme-labs/" + project + "/\\.github/workflows/release\\.yml@refs/tags/v{version}"));
    spec.revocations = new RevocationSource(listUrl(), Signer.exact(ReleaseWorld.ISSUER, revocationIdentity()));
    spec.revocations.refreshInterval = "10s";
    spec.revocations.maxStaleness = "1h";
    spec.trustRoot = TrustRoot.configMap(NAMESPACE, TRUST_ROOT_CONFIGMAP, "trusted_root.json");
    TrustPolicy policy = new TrustPolicy();
    policy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    policy.setSpec(spec);
    return policy;
  }

  /** Publishes a signed dev manifest of {@code version} for {@code arch}; returns the pinned image. */
  public String release(String version, String arch) {
    String digest = ReleaseWorld.digest(project + "/" + version + "/" + arch);
    String url = base() + "/v" + version + "/dev-image-" + arch + ".manifest.json";
    publish(url, ReleaseWorld.manifestJson(version, "dev", arch, ReleaseWorld.NOT_AFTER, digest), releaseIdentity(version));
    return image(version, digest);
  }

  /**
   * Publishes a manifest for {@code version}/{@code arch} whose bytes were changed after signing
   * (someone adding their own digest): the signature no longer matches. Returns that image.
   */
  public String tampered(String version, String arch) {
    String digest = ReleaseWorld.digest(project + "/" + version + "/" + arch);
    String attacker = ReleaseWorld.digest(project + "/attacker/" + version);
    String url = base() + "/v" + version + "/dev-image-" + arch + ".manifest.json";
    byte[] signedBytes = ReleaseWorld.manifestJson(version, "dev", arch, ReleaseWorld.NOT_AFTER, digest);
    byte[] served = ReleaseWorld.manifestJson(version, "dev", arch, ReleaseWorld.NOT_AFTER, digest, attacker);
    publish(url, served, sign(signedBytes, releaseIdentity(version)));
    return image(version, attacker);
  }

  /** An image of a released version whose digest no manifest lists. */
  public String unlisted(String version) {
    return image(version, ReleaseWorld.digest(project + "/unlisted/" + version));
  }

  /** Entries as "version variant arch reason…". */
  public void publishList(long sequence, String issuedAt, String... entries) {
    publish(listUrl(), ReleaseWorld.listJson(sequence, issuedAt, entries), revocationIdentity());
  }

  private void publish(String url, byte[] document, String identity) {
    publish(url, document, sign(document, identity));
  }

  private static byte[] sign(byte[] document, String identity) {
    return SIGSTORE.sign(document, SignRequest.builder().identity(identity).issuer(ReleaseWorld.ISSUER)
        .signedAt(ReleaseWorld.NOW.minus(Duration.ofDays(30))).build());
  }

  private void publish(String url, byte[] document, byte[] bundle) {
    Base64.Encoder b64 = Base64.getEncoder();
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata()
        .withName(MirrorConfigMap.nameFor(url)).withNamespace(NAMESPACE)
        .withLabels(Map.of(MirrorConfigMap.LABEL, "true"))
        .withAnnotations(Map.of(MirrorConfigMap.URL_ANNOTATION, url))
        .endMetadata()
        .withBinaryData(Map.of(MirrorConfigMap.DOCUMENT_KEY, b64.encodeToString(document),
            MirrorConfigMap.BUNDLE_KEY, b64.encodeToString(bundle)))
        .build();
    admin.configMaps().inNamespace(NAMESPACE).resource(cm).forceConflicts().serverSideApply();
  }
}
