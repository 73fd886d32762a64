package io.trustgate.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.ManifestSource;
import io.trustgate.api.v1alpha1.RevocationSource;
import io.trustgate.api.v1alpha1.Signer;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.manifest.ManifestCache;
import io.trustgate.core.manifest.ManifestFetcher;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.PolicyCompilation;
import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.core.workload.ImageOccurrence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A release pipeline in a box for decision tests: a fake Sigstore, an in-memory release
 * server, a movable clock, and helpers that publish signed manifests and revocation lists the
 * way a project's release workflow would.
 */
public final class ReleaseWorld {
  public static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  public static final String BASE = "https://releases.example.test/acme-labs/forge/releases/download";
  public static final String MANIFEST_URL = BASE + "/v{version}/{variant}-image-{arch}.manifest.json";
  public static final String LIST_URL = BASE + "/revocations/revoked-versions.json";
  public static final String RELEASE_IDENTITY_PREFIX =
      "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v";
  public static final String REVOCATION_IDENTITY =
      "https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations";
  public static final String IMAGE = "ghcr.io/acme-labs/forge-dev";
  public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  public static final Instant NOT_AFTER = Instant.parse("2027-06-01T00:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FakeSigstore SHARED = FakeSigstore.create(42);

  public final FakeSigstore sigstore;
  public final InMemoryEvidence evidence = new InMemoryEvidence();
  public final MutableClock clock = new MutableClock(NOW);
  public final BundleVerifier verifier;
  public Executor executor = Runnable::run;

  public ReleaseWorld() {
    this.sigstore = SHARED;
    this.verifier = new BundleVerifier(TrustRoot.fromJson(sigstore.trustedRootJson(), "test trusted root"));
  }

  /** A stable fake OCI digest per label. */
  public static String digest(String label) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String image(String version, String digest) {
    return IMAGE + ":v" + version + "@sha256:" + digest;
  }

  public static String manifestUrl(String version, String variant, String arch) {
    return MANIFEST_URL.replace("{version}", version).replace("{variant}", variant).replace("{arch}", arch);
  }

  public static String releaseIdentity(String version) {
    return RELEASE_IDENTITY_PREFIX + version;
  }

  public static byte[] manifestJson(String version, String variant, String arch, Instant notAfter, String... digests) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schema_version", 1);
    m.put("version", version);
    m.put("arch", arch);
    m.put("variant", variant);
    m.put("rootfs_format", "oci");
    ArrayNode artifacts = m.putArray("artifacts");
    for (String d : digests) {
      artifacts.addObject().put("name", variant + "-image-" + arch + ".oci").put("sha256", d);
    }
    m.put("nix_store_hash", "0p1m0ck");
    m.put("source_git_sha", "0123456789abcdef0123456789abcdef01234567");
    m.put("built_at", "2026-05-01T00:00:00Z");
    if (notAfter != null) {
      m.put("not_after", notAfter.toString());
    }
    return m.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Publishes a manifest signed by the release workflow of its version; returns its digest. */
  public String release(String version, String arch) {
    String d = digest(version + "/" + arch);
    publish(manifestUrl(version, "dev", arch), manifestJson(version, "dev", arch, NOT_AFTER, d), releaseIdentity(version));
    return d;
  }

  public void publish(String url, byte[] document, String identity) {
    publish(url, document, SignRequest.builder().identity(identity).issuer(ISSUER).signedAt(NOW.minus(Duration.ofDays(30))).build());
  }

  public void publish(String url, byte[] document, SignRequest request) {
    evidence.put(url, document);
    evidence.put(url + ".bundle", sigstore.sign(document, request));
  }

  /** Publishes a revocation list signed by the revocation workflow. */
  public void publishList(Long sequence, String issuedAt, String... entries) {
    publish(LIST_URL, listJson(sequence, issuedAt, entries), REVOCATION_IDENTITY);
  }

  /** Entries as "version variant arch reason…" (reason is the rest of the string). */
  public static byte[] listJson(Long sequence, String issuedAt, String... entries) {
    ObjectNode l = JSON.createObjectNode();
    l.put("schema_version", 1);
    if (issuedAt != null) {
      l.put("issued_at", issuedAt);
    }
    if (sequence != null) {
      l.put("sequence", sequence);
    }
    ArrayNode arr = l.putArray("revocations");
    for (String e : entries) {
      String[] p = e.split(" ", 4);
      arr.addObject().put("version", p[0]).put("variant", p[1]).put("arch", p[2]).put("reason", p[3])
          .put("revoked_at", "2026-05-15T00:00:00Z");
    }
    return l.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The policy the tests start from: forge-dev images, both arches, a revocation list. */
  public static TrustPolicySpec spec() {
    TrustPolicySpec spec = new TrustPolicySpec();
    spec.images = List.of(new ImageSelector(IMAGE + "*", "dev"));
    spec.manifests = new ManifestSource(MANIFEST_URL,
        Signer.identityRegex(ISSUER, "https://github\\.com/acme-labs/forge/\\.github/workflows/release\\.yml@refs/tags/v{version}"));
    spec.revocations = new RevocationSource(LIST_URL, Signer.exact(ISSUER, REVOCATION_IDENTITY));
    return spec;
  }

  public static CompiledPolicy compile(String name, TrustPolicySpec spec) {
    PolicyCompilation c = PolicyCompiler.compile(name, spec);
    if (!c.ok()) {
      throw new AssertionError("test policy does not compile: " + c.problems());
    }
    return c.policy().get();
  }

  public ManifestCache manifestCache() {
    return new ManifestCache(new ManifestFetcher(evidence), executor, clock);
  }

  /** A runtime over the given policies whose revocation lists have been refreshed once. */
  public PolicyRuntime runtime(EscapeHatches hatches, CompiledPolicy... policies) {
    PolicyRuntime r = PolicyRuntime.create(List.of(policies), evidence, manifestCache(),
        VerifierProvider.fixed(verifier), hatches, clock, Map.of());
    r.refreshAllNow();
    return r;
  }

  public PolicyRuntime runtime(CompiledPolicy... policies) {
    return runtime(EscapeHatches.none(), policies);
  }

  public Decision decide(PolicyRuntime runtime, String... images) {
    List<ImageOccurrence> occurrences = new java.util.ArrayList<>();
    for (int i = 0; i < images.length; i++) {
      occurrences.add(new ImageOccurrence("spec.containers[" + i + "].image", images[i]));
    }
    return runtime.engine().decide(occurrences, clock.instant().plus(Duration.ofSeconds(8)));
  }
}
