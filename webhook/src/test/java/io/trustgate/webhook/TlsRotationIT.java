package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.trustgate.webhook.testing.TestTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving certificate is re-read from its files without a restart. */
class TlsRotationIT {
  @TempDir Path dir;

  @Test
  void servesARotatedCertificateWithoutRestart() throws Exception {
    TestTls tls = new TestTls();
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    X509Certificate first = tls.writeServing(cert, key, "first");
    WebhookSettings settings = new WebhookSettings(0, cert, key, Duration.ofMillis(200), Optional.of(dir),
        Optional.empty(), Optional.empty(), Optional.empty(), "trustgate-system", false, Duration.ofSeconds(8),
        3 << 20, 256, 2);
    try (ApplicationContext ctx = WebhookServer.start(settings, io.trustgate.core.decision.EscapeHatches.none())) {
      int port = WebhookServer.port(ctx);
      assertThat(servedSerial(tls.client(), port)).isEqualTo(first.getSerialNumber());

      Thread.sleep(5); // distinct serial (millisecond based)
      X509Certificate second = tls.writeServing(cert, key, "second");
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Object served = null;
      while (System.nanoTime() < until) {
        served = servedSerial(tls.client(), port); // a fresh client: a fresh handshake
        if (second.getSerialNumber().equals(served)) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(served).isEqualTo(second.getSerialNumber());
    }
  }

  private static Object servedSerial(HttpClient client, int port) throws Exception {
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok\n");
    X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
    return leaf.getSerialNumber();
  }
}
