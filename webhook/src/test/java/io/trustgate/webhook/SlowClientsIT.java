package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.core.workload.WorkloadDocuments;
import io.trustgate.webhook.testing.WebhookHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that connect and stall (before or after the TLS handshake) are cut off by the handshake
 * and idle timeouts, connections past the cap are closed at once, and the apiserver's reviews are
 * answered throughout.
 */
class SlowClientsIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final int CAP = 256;
  static final ServingLimits LIMITS = new ServingLimits(Duration.ofSeconds(10), 2, 256,
      Duration.ofSeconds(2), Duration.ofSeconds(2), CAP, ServingLimits.DEFAULT_INLINE_REVIEW_BYTES);

  @TempDir Path dir;
  WebhookHarness webhook;
  JsonNode workload;
  final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.copy(EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    webhook = new WebhookHarness(dir, policies, Optional.of(EXAMPLES.resolve("trusted_root.json")),
        Optional.of(EXAMPLES.resolve("mirror")), true, LIMITS);
    webhook.awaitReady(Duration.ofSeconds(60));
    workload = WorkloadDocuments.readYaml(EXAMPLES.resolve("workloads.yaml")).get(0);
    webhook.review(workload);
  }

  @AfterEach
  void stop() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closed already
      }
    }
    webhook.close();
  }

  @Test
  void stalledConnectionsAreClosedAndReviewsAnsweredMeanwhile() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Socket s = connect();
      s.getOutputStream().write(0x16); // the first byte of a TLS record, then nothing
      s.getOutputStream().flush();
      stalled.add(s);
    }

    assertThat(reviewOnANewConnection()).isTrue();

    long deadline = System.nanoTime() + LIMITS.handshakeTimeout().plusSeconds(8).toNanos();
    for (Socket s : stalled) {
      assertThat(closedByServer(s, deadline)).as("stalled connection closed after the handshake timeout").isTrue();
    }
    assertThat(reviewOnANewConnection()).isTrue();
  }

  @Test
  void aClientThatStallsAfterTheHandshakeIsClosedAfterTheIdleTimeout() throws Exception {
    Socket plain = connect();
    SSLSocket tls = (SSLSocket) webhook.tls.sslContext().getSocketFactory()
        .createSocket(plain, "127.0.0.1", webhook.port, true);
    sockets.add(tls);
    tls.startHandshake();
    tls.getOutputStream().write("POST /validate HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    tls.getOutputStream().flush();

    long deadline = System.nanoTime() + LIMITS.idleTimeout().plusSeconds(8).toNanos();
    assertThat(closedByServer(tls, deadline)).isTrue();
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnceAndFreedSlotsServeAgain() throws Exception {
    for (int i = 0; i < CAP; i++) {
      connect(); // stalls: holds a slot until the handshake timeout
    }
    var open = webhook.context.getBean(io.trustgate.webhook.metrics.WebhookMetrics.class).registry()
        .get("trustgate.connections.open").gauge();
    for (long until = System.nanoTime() + 10_000_000_000L; open.value() < CAP && System.nanoTime() < until; ) {
      Thread.sleep(20); // the server accepts from the backlog at its own pace
    }
    Socket extra = connect();
    long quick = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    assertThat(closedByServer(extra, quick)).as("a connection past the cap is closed at once; %s",
        webhook.context.getBean(io.trustgate.webhook.metrics.WebhookMetrics.class).scrape().lines()
            .filter(l -> l.startsWith("trustgate_connections_open")).toList()).isTrue();

    Thread.sleep(LIMITS.handshakeTimeout().plusSeconds(1).toMillis()); // the stalled ones are reaped
    assertThat(reviewOnANewConnection()).isTrue();
    String scrape = webhook.tls.client().send(java.net.http.HttpRequest.newBuilder(webhook.uri("/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertThat(scrape).contains("trustgate_admission_invalid_requests_total{why=\"connection_limit\"}");
  }

  /**
   * A review on a connection of its own: a pooled one may have sat idle past the short idle
   * timeout used here, and the JDK client does not retry a POST on a connection the server closed.
   */
  boolean reviewOnANewConnection() throws Exception {
    java.net.http.HttpResponse<String> r = webhook.tls.client().send(java.net.http.HttpRequest
        .newBuilder(webhook.uri("/validate")).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(WebhookHarness.JSON.writeValueAsBytes(
            WebhookHarness.admissionReview(workload, "CREATE")))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return WebhookHarness.JSON.readTree(r.body()).at("/response/allowed").isBoolean();
  }

  Socket connect() throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.connect(new InetSocketAddress("127.0.0.1", webhook.port), 5000);
    return s;
  }

  /** Whether the server closes the connection (EOF or reset) before {@code deadlineNanos}. */
  static boolean closedByServer(Socket s, long deadlineNanos) throws IOException {
    InputStream in = s.getInputStream();
    while (System.nanoTime() < deadlineNanos) {
      s.setSoTimeout((int) Math.max(1, Math.min(500, (deadlineNanos - System.nanoTime()) / 1_000_000)));
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        // still open: keep waiting
      } catch (IOException e) {
        return true; // reset
      }
    }
    return false;
  }
}
