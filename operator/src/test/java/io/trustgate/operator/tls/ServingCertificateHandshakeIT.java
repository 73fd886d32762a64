package io.trustgate.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The issued material works for what the apiserver does with it: a TLS handshake with hostname
 * verification, trusting only the caBundle. Real sockets on loopback.
 */
@EnableKubernetesMockClient(crud = true)
class ServingCertificateHandshakeIT {
  KubernetesClient client;

  @Test
  void clientTrustingTheBundleVerifiesTheServedChainAndTheIpSan() throws Exception {
    Secret secret = issue(Optional.of("https://127.0.0.1:8443"));

    assertThat(handshake(secret, "127.0.0.1")).isTrue();
  }

  @Test
  void serviceCertificatePassesForTheServiceDnsNameTheApiserverDials() throws Exception {
    Secret secret = issue(Optional.empty());

    assertThat(handshake(secret, "trustgate-webhook.trustgate-system.svc")).isTrue();
  }

  @Test
  void serviceCertificateDoesNotPassForAnotherHost() throws Exception {
    Secret secret = issue(Optional.empty());

    assertThatThrownBy(() -> handshake(secret, "127.0.0.1")).isInstanceOf(SSLHandshakeException.class);
  }

  Secret issue(Optional<String> url) {
    // The real clock: the JDK checks validity against the current time.
    WebhookTlsSettings settings = new WebhookTlsSettings("trustgate-system", "tls", "trustgate-webhook", "none", url,
        Optional.empty(), Duration.ofDays(90), Duration.ofDays(30));
    new WebhookCertificates(client, settings, java.time.Clock.systemUTC()).reconcile();
    return client.secrets().inNamespace("trustgate-system").withName("tls").get();
  }

  /** Serves the Secret's tls.crt/tls.key and connects to it as {@code host}, trusting ca.crt only. */
  static boolean handshake(Secret secret, String host) throws Exception {
    List<X509Certificate> chain = Pem.readCertificates(WebhookCertificatesIT.decode(secret, "tls.crt"));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("serving", Pem.readPrivateKey(WebhookCertificatesIT.decode(secret, "tls.key")), new char[0],
        chain.toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (X509Certificate ca : Pem.readCertificates(WebhookCertificatesIT.decode(secret, "ca.crt"))) {
      trust.setCertificateEntry("ca" + i++, ca);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, tmf.getTrustManagers(), null);

    try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
        try (SSLSocket s = (SSLSocket) server.accept()) {
          s.startHandshake();
        } catch (IOException ignored) {
          // the client's verdict is what the test reads
        }
      });
      // Dial loopback but verify as {@code host}, so Service names need no DNS here.
      java.net.Socket plain = new java.net.Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
          .createSocket(plain, host, server.getLocalPort(), true)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // hostname verification, as Go's client does
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket.getSession().isValid();
      } finally {
        accepted.get(10, TimeUnit.SECONDS);
      }
    }
  }
}
