package io.trustgate.kube.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.sigstore.Verification;
import io.trustgate.core.sigstore.VerificationFailure;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.kube.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** trustRoot.configMapRef: a trusted_root.json read from, and followed in, the cluster. */
@EnableKubernetesMockClient(crud = true)
class ConfigMapTrustRootsIT {
  static final String NS = "trustgate-system";
  static final String IDENTITY = ReleaseWorld.REVOCATION_IDENTITY;
  static final SignerIdentity SIGNER =
      new SignerIdentity(IdentityMatcher.exact(ReleaseWorld.ISSUER), IdentityMatcher.exact(IDENTITY));
  static final byte[] DOCUMENT = "{\"schema_version\":1,\"revocations\":[]}".getBytes(StandardCharsets.UTF_8);

  KubernetesClient client;
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final FakeSigstore sigstore = FakeSigstore.create(7);
  /** The verifier each change notification found. */
  final List<Optional<BundleVerifier>> heard = new CopyOnWriteArrayList<>();
  final TrustRootRef.ConfigMap ref = new TrustRootRef.ConfigMap(NS, "sigstore-roots", "trusted_root.json");
  TrustRoots roots;
  byte[] bundle;

  @BeforeEach
  void setUp() {
    roots = TrustRoots.of(client, executor, () -> {
      throw new AssertionError("public-good must not be used");
    }, Duration.ofSeconds(1));
    roots.addListener(() -> heard.add(roots.verifierFor(ref)));
    bundle = sigstore.sign(DOCUMENT, SignRequest.builder().identity(IDENTITY).issuer(ReleaseWorld.ISSUER).build());
  }

  @AfterEach
  void tearDown() {
    roots.close();
    executor.shutdownNow();
  }

  void apply(String key, byte[] trustedRoot, String label) {
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withNamespace(NS).withName("sigstore-roots")
        .addToLabels("edit", label).endMetadata()
        .addToData(key, new String(trustedRoot, StandardCharsets.UTF_8)).build();
    client.resource(cm).createOr(c -> c.update());
  }

  /** Asks for the root before its ConfigMap exists, so that its arrival is a change. */
  void awaitAbsent() {
    assertThat(roots.verifierFor(ref)).isEmpty();
    Eventually.await("the absence is known", () -> roots.problem(ref)
        .filter(p -> p.equals("ConfigMap trustgate-system/sigstore-roots does not exist")).isPresent(),
        () -> roots.problem(ref).toString());
  }

  BundleVerifier awaitVerifier() {
    roots.verifierFor(ref);
    Eventually.await("the ConfigMap root is loaded", () -> roots.verifierFor(ref).isPresent(),
        () -> roots.problem(ref).toString());
    return roots.verifierFor(ref).orElseThrow();
  }

  @Test
  void verifiesWithTheRootHeldInTheConfigMap() {
    awaitAbsent();
    apply("trusted_root.json", sigstore.trustedRootJson(), "1");
    BundleVerifier verifier = awaitVerifier();
    Verification v = verifier.verify(DOCUMENT, bundle, SIGNER);
    assertThat(v.verified()).as(v.message()).isTrue();
    assertThat(roots.problem(ref)).isEmpty();
    Eventually.await("listeners heard of the root", () -> heard.size() == 1);
    assertThat(heard).containsExactly(Optional.of(verifier));
  }

  @Test
  void followsTheConfigMapWhenItsRootChanges() {
    awaitAbsent();
    apply("trusted_root.json", sigstore.trustedRootJson(), "1");
    BundleVerifier first = awaitVerifier();

    // An edit that leaves the root as it is keeps the very same verifier and tells nobody.
    apply("trusted_root.json", sigstore.trustedRootJson(), "2");
    FakeSigstore other = FakeSigstore.create(8);
    apply("trusted_root.json", other.trustedRootJson(), "3");
    Eventually.await("listeners heard of the new root", () -> heard.size() >= 2
        && heard.get(heard.size() - 1).filter(v -> v != first).isPresent());
    assertThat(heard).hasSize(2).first().isEqualTo(Optional.of(first));
    Verification v = roots.verifierFor(ref).orElseThrow().verify(DOCUMENT, bundle, SIGNER);
    assertThat(v.verified()).isFalse();
    assertThat(v.failure()).isEqualTo(VerificationFailure.UNTRUSTED_ROOT);
  }

  @Test
  void aMissingConfigMapIsUnavailableUntilItIsCreated() {
    awaitAbsent();
    apply("trusted_root.json", sigstore.trustedRootJson(), "1");
    awaitVerifier();
  }

  @Test
  void aDeletedConfigMapTakesItsRootAway() {
    apply("trusted_root.json", sigstore.trustedRootJson(), "1");
    awaitVerifier();
    client.configMaps().inNamespace(NS).withName("sigstore-roots").delete();
    Eventually.await("the root is gone", () -> roots.verifierFor(ref).isEmpty());
    assertThat(roots.problem(ref)).contains("ConfigMap trustgate-system/sigstore-roots does not exist");
  }

  @Test
  void anInvalidRootOrAMissingKeyIsUnavailableWithTheReason() {
    apply("trusted_root.json", "{\"mediaType\": \"nonsense\"}".getBytes(StandardCharsets.UTF_8), "1");
    roots.verifierFor(ref);
    Eventually.await("the problem is known", () -> roots.problem(ref)
        .filter(p -> p.contains("configmap trustgate-system/sigstore-roots key trusted_root.json")).isPresent(),
        () -> roots.problem(ref).toString());
    assertThat(roots.verifierFor(ref)).isEmpty();

    TrustRootRef.ConfigMap otherKey = new TrustRootRef.ConfigMap(NS, "sigstore-roots", "private.json");
    assertThat(roots.verifierFor(otherKey)).isEmpty();
    assertThat(roots.problem(otherKey)).contains("ConfigMap trustgate-system/sigstore-roots has no key private.json");
  }

  @Test
  void readsTheVersionedSpellingOfTrustedRootV01() throws Exception {
    apply("trusted_root.json", respelled(sigstore.trustedRootJson(),
        "application/vnd.dev.sigstore.trustedroot.v0.1+json"), "1");
    Verification v = awaitVerifier().verify(DOCUMENT, bundle, SIGNER);
    assertThat(v.verified()).as(v.message()).isTrue();
  }

  @Test
  void anUnknownTrustedRootVersionIsUnavailableNamingTheMediaType() throws Exception {
    apply("trusted_root.json", respelled(sigstore.trustedRootJson(),
        "application/vnd.dev.sigstore.trustedroot.v0.2+json"), "1");
    roots.verifierFor(ref);
    Eventually.await("the problem is known", () -> roots.problem(ref)
        .filter(p -> p.contains("configmap trustgate-system/sigstore-roots key trusted_root.json has media type"
            + " 'application/vnd.dev.sigstore.trustedroot.v0.2+json', trusted-root version 0.2")).isPresent(),
        () -> roots.problem(ref).toString());
    assertThat(roots.verifierFor(ref)).isEmpty();
  }

  static byte[] respelled(byte[] trustedRoot, String mediaType) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(trustedRoot);
    root.put("mediaType", mediaType);
    return json.writeValueAsBytes(root);
  }

  @Test
  void readsARootFromBinaryData() {
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withNamespace(NS).withName("sigstore-roots").endMetadata()
        .addToBinaryData("trusted_root.json", Base64.getEncoder().encodeToString(sigstore.trustedRootJson())).build();
    client.resource(cm).create();
    Verification v = awaitVerifier().verify(DOCUMENT, bundle, SIGNER);
    assertThat(v.verified()).as(v.message()).isTrue();
  }

  @Test
  void theOverrideIgnoresConfigMaps() {
    TrustRoots override = TrustRoots.override(new ReleaseWorld().verifier);
    assertThat(override.verifierFor(ref)).isPresent();
    assertThat(Optional.ofNullable(client.configMaps().inNamespace(NS).withName("sigstore-roots").get())).isEmpty();
  }
}
