package io.trustgate.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's ownership of the webhook TLS Secret and caBundle, against a CRUD mock apiserver. */
@EnableKubernetesMockClient(crud = true)
class WebhookCertificatesIT {
  static final String NS = "trustgate-system";
  static final String SECRET = "trustgate-webhook-tls";
  static final String VWC = "trustgate";

  KubernetesClient client;
  MutableClock clock;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-06-01T00:00:00Z");
    client.resource(configuration()).create();
  }

  @Test
  void createsSecretWithChainThatVerifiesWhenAbsent() throws Exception {
    certificates(Optional.empty(), Optional.empty()).reconcile();

    Secret secret = secret();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    List<X509Certificate> chain = Pem.readCertificates(decode(secret, "tls.crt"));
    List<X509Certificate> cas = Pem.readCertificates(decode(secret, "ca.crt"));
    assertThat(chain).hasSize(2);
    assertThat(cas).hasSize(1);
    chain.get(0).verify(cas.get(0).getPublicKey());
    cas.get(0).verify(cas.get(0).getPublicKey());
    assertThat(cas.get(0).getBasicConstraints()).isEqualTo(0);
    assertThat(cas.get(0).getCriticalExtensionOIDs()).contains("2.5.29.19");
    assertThat(cas.get(0).getKeyUsage()[5]).as("keyCertSign").isTrue();
    X509Certificate leaf = chain.get(0);
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getPublicKey()).isInstanceOf(java.security.interfaces.ECPublicKey.class);
    assertThat(leaf.getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1)).containsExactlyInAnyOrder(
        "trustgate-webhook", "trustgate-webhook.trustgate-system", "trustgate-webhook.trustgate-system.svc",
        "trustgate-webhook.trustgate-system.svc.cluster.local");
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
    assertThat(decode(secret, "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Pem.readPrivateKey(decode(secret, "tls.key"))).isInstanceOf(java.security.interfaces.ECPrivateKey.class);
  }

  @Test
  void keepsValidSecretAndConfigurationWithoutWriting() {
    WebhookCertificates certificates = certificates(Optional.empty(), Optional.empty());
    certificates.reconcile();
    String secretVersion = secret().getMetadata().getResourceVersion();
    String vwcVersion = vwc().getMetadata().getResourceVersion();

    clock.advance(Duration.ofDays(30));
    certificates.reconcile();
    new WebhookCertificates(client, settings(Optional.empty(), Optional.empty()), clock).reconcile();

    assertThat(secret().getMetadata().getResourceVersion()).isEqualTo(secretVersion);
    assertThat(vwc().getMetadata().getResourceVersion()).isEqualTo(vwcVersion);
    assertThat(certificates.nextCheck()).isEqualTo(WebhookCertificates.MAX_CHECK_INTERVAL);
  }

  @Test
  void renewsServingCertificateNearExpiryUnderTheSameCa() throws Exception {
    WebhookCertificates certificates = certificates(Optional.empty(), Optional.empty());
    certificates.reconcile();
    X509Certificate before = leaf();
    String caBefore = decode(secret(), "ca.crt");

    clock.advance(Duration.ofDays(61)); // 29 days left, renewBefore is 30
    certificates.reconcile();

    assertThat(leaf().getSerialNumber()).isNotEqualTo(before.getSerialNumber());
    assertThat(leaf().getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
    assertThat(decode(secret(), "ca.crt")).isEqualTo(caBefore);
  }

  @Test
  void renewsWhenTheServiceNameNoLongerMatches() throws Exception {
    certificates(Optional.empty(), Optional.empty()).reconcile();
    WebhookTlsSettings renamed = new WebhookTlsSettings(NS, SECRET, "gate", VWC, Optional.empty(), Optional.empty(),
        Duration.ofDays(90), Duration.ofDays(30));

    new WebhookCertificates(client, renamed, clock).reconcile();

    assertThat(leaf().getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
        .contains("gate.trustgate-system.svc").doesNotContain("trustgate-webhook.trustgate-system.svc");
  }

  @Test
  void renewsServingCertificateNotSignedByTheStoredCa() throws Exception {
    certificates(Optional.empty(), Optional.empty()).reconcile();
    // Someone replaced the CA but left the serving certificate the old one signed.
    CertificateIssuer.Issued other = new CertificateIssuer().certificateAuthority(clock.instant(), Duration.ofDays(3650));
    Secret secret = secret();
    secret.getData().put("ca.crt", encode(Pem.certificates(List.of(other.certificate()))));
    secret.getData().put("ca.key", encode(Pem.privateKey(other.keys().getPrivate())));
    client.resource(secret).update();

    certificates(Optional.empty(), Optional.empty()).reconcile();

    leaf().verify(other.certificate().getPublicKey());
    assertThat(cas()).containsExactly(other.certificate());
  }

  @Test
  void rotatesCaNearItsExpiryKeepingBothInTheBundleUntilTheOldExpires() throws Exception {
    WebhookCertificates certificates = certificates(Optional.empty(), Optional.empty());
    certificates.reconcile();
    X509Certificate oldCa = cas().get(0);

    // Keep the serving certificate fresh on the way, as the periodic reconcile would.
    clock.set(oldCa.getNotAfter().toInstant().minus(Duration.ofDays(100)));
    certificates.reconcile();

    List<X509Certificate> bundle = cas();
    assertThat(bundle).hasSize(2);
    assertThat(bundle.get(1)).isEqualTo(oldCa);
    assertThat(bundle.get(0)).isNotEqualTo(oldCa);
    leaf().verify(bundle.get(0).getPublicKey());
    assertThat(caBundles()).allSatisfy(b -> assertThat(Pem.readCertificates(b)).isEqualTo(bundle));

    clock.set(oldCa.getNotAfter().toInstant().plus(Duration.ofMinutes(1)));
    certificates.reconcile();

    assertThat(cas()).containsExactly(bundle.get(0));
    assertThat(caBundles()).allSatisfy(b -> assertThat(Pem.readCertificates(b)).containsExactly(bundle.get(0)));
  }

  @Test
  void patchesCaBundleOfServiceAndUrlWebhooks() throws Exception {
    certificates(Optional.empty(), Optional.empty()).reconcile();

    String expected = decode(secret(), "ca.crt");
    assertThat(caBundles()).hasSize(2).containsOnly(expected);
    ValidatingWebhookConfiguration vwc = vwc();
    assertThat(vwc.getWebhooks().get(0).getClientConfig().getService().getPath()).isEqualTo("/validate");
    assertThat(vwc.getWebhooks().get(1).getClientConfig().getUrl()).isEqualTo("https://10.0.0.9:8443/validate-trustpolicy");
  }

  @Test
  void urlModeSetsUrlsIpSanAndWritesCertificateFiles() throws Exception {
    Path certs = dir.resolve("certs");
    WebhookCertificates certificates = certificates(Optional.of("https://127.0.0.1:9443"), Optional.of(certs));
    certificates.reconcile();

    ValidatingWebhookConfiguration vwc = vwc();
    assertThat(vwc.getWebhooks()).extracting(w -> w.getClientConfig().getUrl())
        .containsExactly("https://127.0.0.1:9443/validate", "https://127.0.0.1:9443/validate-trustpolicy");
    assertThat(vwc.getWebhooks()).allSatisfy(w -> assertThat(w.getClientConfig().getService()).isNull());
    assertThat(leaf().getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
    assertThat(Files.readString(certs.resolve("tls.crt"))).isEqualTo(decode(secret(), "tls.crt"));
    assertThat(Files.readString(certs.resolve("tls.key"))).isEqualTo(decode(secret(), "tls.key"));
    try (var listing = Files.list(certs)) {
      assertThat(listing).hasSize(2); // no temporary files left behind
    }

    String version = vwc.getMetadata().getResourceVersion();
    certificates.reconcile();
    assertThat(vwc().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void replacesUnreadableSecretContentsInPlace() throws Exception {
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName(SECRET).withNamespace(NS).endMetadata()
        .withType("kubernetes.io/tls")
        .addToData("tls.crt", encode("not a certificate")).addToData("tls.key", encode(""))
        .build()).create();

    certificates(Optional.empty(), Optional.empty()).reconcile();

    leaf().verify(cas().get(0).getPublicKey());
    assertThat(caBundles()).containsOnly(decode(secret(), "ca.crt"));
  }

  @Test
  void nextCheckIsDueAtTheRenewalPoint() {
    WebhookCertificates certificates = certificates(Optional.empty(), Optional.empty());
    certificates.reconcile();
    clock.advance(Duration.ofDays(60).minusMinutes(2));

    certificates.reconcile();

    assertThat(certificates.nextCheck()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void createsSecretEvenBeforeTheConfigurationExists() {
    client.admissionRegistration().v1().validatingWebhookConfigurations().withName(VWC).delete();

    certificates(Optional.empty(), Optional.empty()).reconcile();

    assertThat(secret()).isNotNull();
  }

  // --- helpers

  WebhookCertificates certificates(Optional<String> url, Optional<Path> certDir) {
    return new WebhookCertificates(client, settings(url, certDir), clock);
  }

  static WebhookTlsSettings settings(Optional<String> url, Optional<Path> certDir) {
    return new WebhookTlsSettings(NS, SECRET, "trustgate-webhook", VWC, url, certDir, Duration.ofDays(90),
        Duration.ofDays(30));
  }

  static ValidatingWebhookConfiguration configuration() {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(VWC).endMetadata()
        .addNewWebhook()
        .withName("workloads.trustgate.io")
        .withNewClientConfig().withNewService().withNamespace(NS).withName("trustgate-webhook").withPath("/validate")
        .withPort(443).endService().endClientConfig()
        .withAdmissionReviewVersions("v1").withSideEffects("None")
        .endWebhook()
        .addNewWebhook()
        .withName("trustpolicies.trustgate.io")
        .withNewClientConfig().withUrl("https://10.0.0.9:8443/validate-trustpolicy").endClientConfig()
        .withAdmissionReviewVersions("v1").withSideEffects("None")
        .endWebhook()
        .build();
  }

  Secret secret() {
    return client.secrets().inNamespace(NS).withName(SECRET).get();
  }

  ValidatingWebhookConfiguration vwc() {
    return client.admissionRegistration().v1().validatingWebhookConfigurations().withName(VWC).get();
  }

  X509Certificate leaf() throws Exception {
    return Pem.readCertificates(decode(secret(), "tls.crt")).get(0);
  }

  List<X509Certificate> cas() throws Exception {
    return Pem.readCertificates(decode(secret(), "ca.crt"));
  }

  List<String> caBundles() {
    return vwc().getWebhooks().stream()
        .map(w -> new String(Base64.getDecoder().decode(w.getClientConfig().getCaBundle()), StandardCharsets.US_ASCII))
        .toList();
  }

  static String encode(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
  }
}
