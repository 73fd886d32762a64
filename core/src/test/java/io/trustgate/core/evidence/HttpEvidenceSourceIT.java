package io.trustgate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpEvidenceSource} against loopback servers; nothing leaves 127.0.0.1. */
class HttpEvidenceSourceIT {

  private static final byte[] MANIFEST =
      "{\"schema_version\": 1, \"version\": \"1.2.3\"}".getBytes(StandardCharsets.UTF_8);
  private static final Duration GENEROUS = Duration.ofSeconds(20);

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();
  /** Handlers that stall wait on this; released after each test so servers stop promptly. */
  private final CountDownLatch release = new CountDownLatch(1);

  private HttpServer server;
  private HttpEvidenceSource source;

  @BeforeEach
  void startServer() throws IOException {
    server = startLoopbackServer();
    source = new HttpEvidenceSource(HttpEvidenceConfig.defaults()
        .withConnectTimeout(Duration.ofSeconds(2))
        .withRequestTimeout(Duration.ofSeconds(5))
        .withMaxBytes(1024));
  }

  @AfterEach
  void stopServers() {
    release.countDown();
    servers.forEach(s -> s.stop(0));
    executors.forEach(ExecutorService::shutdownNow);
  }

  private HttpServer startLoopbackServer() throws IOException {
    HttpServer started =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newCachedThreadPool();
    started.setExecutor(executor);
    started.start();
    servers.add(started);
    executors.add(executor);
    return started;
  }

  private static String url(HttpServer server, String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private FetchResult fetch(String url) {
    return assertTimeoutPreemptively(GENEROUS, () -> source.fetch(url));
  }

  private static HttpHandler respond(int status, byte[] body) {
    return exchange -> {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    };
  }

  private static HttpHandler redirect(int status, String location) {
    return exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    };
  }

  @Test
  void returnsTheBodyOfA200() {
    AtomicReference<String> userAgent = new AtomicReference<>();
    server.createContext("/m.json", exchange -> {
      userAgent.set(exchange.getRequestHeaders().getFirst("User-Agent"));
      respond(200, MANIFEST).handle(exchange);
    });

    FetchResult result = fetch(url(server, "/m.json"));

    assertThat(result).isEqualTo(new FetchResult.Found(url(server, "/m.json"), MANIFEST));
    assertThat(userAgent.get()).isEqualTo("trustgate");
  }

  @Test
  void acceptsABodyOfExactlyTheLimit() {
    byte[] body = new byte[1024];
    Arrays.fill(body, (byte) 'x');
    server.createContext("/limit", respond(200, body));

    FetchResult result = fetch(url(server, "/limit"));

    assertThat(result).isInstanceOfSatisfying(FetchResult.Found.class,
        found -> assertThat(found.body()).isEqualTo(body));
  }

  @Test
  void reportsNotFoundFor404And410() {
    server.createContext("/missing", respond(404, "no".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/gone", respond(410, new byte[0]));

    assertThat(fetch(url(server, "/missing")))
        .isEqualTo(new FetchResult.NotFound(url(server, "/missing")));
    assertThat(fetch(url(server, "/gone"))).isEqualTo(new FetchResult.NotFound(url(server, "/gone")));
  }

  @Test
  void failsWithTheStatusOfAServerError() {
    server.createContext("/broken", respond(500, "oops".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/forbidden", respond(403, new byte[0]));

    assertThat(fetch(url(server, "/broken")))
        .isEqualTo(new FetchResult.Failed(url(server, "/broken"), "HTTP status 500"));
    assertThat(fetch(url(server, "/forbidden")))
        .isEqualTo(new FetchResult.Failed(url(server, "/forbidden"), "HTTP status 403"));
  }

  @Test
  void timesOutWhenTheServerDoesNotAnswer() {
    source = new HttpEvidenceSource(
        HttpEvidenceConfig.defaults().withRequestTimeout(Duration.ofMillis(300)));
    server.createContext("/slow", exchange -> {
      awaitRelease();
      respond(200, MANIFEST).handle(exchange);
    });

    FetchResult result = fetch(url(server, "/slow"));

    assertThat(result).isEqualTo(new FetchResult.Failed(url(server, "/slow"), "timed out after 300 ms"));
  }

  @Test
  void timesOutWhenTheBodyTricklesPastTheDeadline() {
    source = new HttpEvidenceSource(
        HttpEvidenceConfig.defaults().withRequestTimeout(Duration.ofMillis(500)));
    server.createContext("/trickle", exchange -> {
      exchange.sendResponseHeaders(200, 1000);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 1000 && release.getCount() > 0; i++) {
          out.write('x');
          out.flush();
          release.await(100, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException | IOException e) {
        // the client gave up, as it should
      }
    });

    FetchResult result = fetch(url(server, "/trickle"));

    assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class,
        failed -> assertThat(failed.message()).isEqualTo("timed out after 500 ms"));
  }

  @Test
  void refusesADeclaredOversizedBodyWithoutWaitingForIt() {
    server.createContext("/huge", exchange -> {
      exchange.sendResponseHeaders(200, 1L << 30);
      exchange.getResponseBody().write('x');
      exchange.getResponseBody().flush();
      awaitRelease(); // never sends the rest: only the header can end this fetch in time
      exchange.close();
    });

    FetchResult result = fetch(url(server, "/huge"));

    assertThat(result).isEqualTo(
        new FetchResult.Failed(url(server, "/huge"), "response body exceeds 1024 bytes"));
  }

  @Test
  void refusesABodyOneByteOverTheLimitWithContentLength() {
    server.createContext("/over", respond(200, new byte[1025]));

    assertThat(fetch(url(server, "/over"))).isEqualTo(
        new FetchResult.Failed(url(server, "/over"), "response body exceeds 1024 bytes"));
  }

  @Test
  void refusesAnUndeclaredBodyOneByteOverTheLimit() {
    server.createContext("/chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked, no Content-Length
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(new byte[1000]);
        out.flush();
        out.write(new byte[25]);
      }
    });
    server.createContext("/chunked-fits", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(new byte[1000]);
        out.flush();
        out.write(new byte[24]);
      }
    });

    assertThat(fetch(url(server, "/chunked"))).isEqualTo(
        new FetchResult.Failed(url(server, "/chunked"), "response body exceeds 1024 bytes"));
    assertThat(fetch(url(server, "/chunked-fits"))).isInstanceOfSatisfying(FetchResult.Found.class,
        found -> assertThat(found.size()).isEqualTo(1024));
  }

  @Test
  void abortsAnUndeclaredBodyOnceItExceedsTheLimit() {
    AtomicInteger bytesWritten = new AtomicInteger();
    server.createContext("/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked, no Content-Length
      byte[] chunk = new byte[256];
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 100_000 && release.getCount() > 0; i++) {
          out.write(chunk);
          out.flush();
          bytesWritten.addAndGet(chunk.length);
        }
      } catch (IOException e) {
        // the client hung up, as it should
      }
    });

    FetchResult result = fetch(url(server, "/endless"));

    assertThat(result).isEqualTo(
        new FetchResult.Failed(url(server, "/endless"), "response body exceeds 1024 bytes"));
  }

  @Test
  void failsOnABodyShorterThanItsContentLength() {
    server.createContext("/truncated", exchange -> {
      exchange.sendResponseHeaders(200, 100);
      OutputStream out = exchange.getResponseBody();
      out.write(new byte[50]);
      out.flush();
      // Closing early makes the server drop the connection after 50 of 100 bytes.
      out.close();
    });

    FetchResult result = fetch(url(server, "/truncated"));

    assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class,
        failed -> assertThat(failed.message()).startsWith("I/O error"));
  }

  @Test
  void followsARedirectToAnotherPath() {
    server.createContext("/old", redirect(302, "/new"));
    server.createContext("/new", respond(200, MANIFEST));

    FetchResult result = fetch(url(server, "/old"));

    assertThat(result).isEqualTo(new FetchResult.Found(url(server, "/old"), MANIFEST));
  }

  @Test
  void followsARedirectToAnotherServerOnTheSameScheme() throws IOException {
    HttpServer downloads = startLoopbackServer();
    downloads.createContext("/blob", respond(200, MANIFEST));
    server.createContext("/releases/download/v1.2.3/m.json",
        redirect(302, url(downloads, "/blob")));
    server.createContext("/moved", redirect(301, url(server, "/releases/download/v1.2.3/m.json")));

    assertThat(fetch(url(server, "/moved")))
        .isEqualTo(new FetchResult.Found(url(server, "/moved"), MANIFEST));
  }

  @Test
  void refusesRedirectToAnotherScheme() {
    AtomicInteger httpsHits = new AtomicInteger();
    server.createContext("/target", exchange -> {
      httpsHits.incrementAndGet();
      respond(200, MANIFEST).handle(exchange);
    });
    server.createContext("/upgrade",
        redirect(307, "https://127.0.0.1:" + server.getAddress().getPort() + "/target"));

    FetchResult result = fetch(url(server, "/upgrade"));

    assertThat(result).isEqualTo(new FetchResult.Failed(url(server, "/upgrade"),
        "refused redirect from http to https: no redirects to other schemes"));
    assertThat(httpsHits).hasValue(0);
  }

  @Test
  void givesUpOnARedirectLoopAfterMaxRedirects() {
    AtomicInteger hits = new AtomicInteger();
    server.createContext("/loop", exchange -> {
      hits.incrementAndGet();
      redirect(302, "/loop").handle(exchange);
    });

    FetchResult result = fetch(url(server, "/loop"));

    assertThat(result).isEqualTo(
        new FetchResult.Failed(url(server, "/loop"), "more than 5 redirects"));
    assertThat(hits).hasValue(6);
  }

  @Test
  void followsNoRedirectWhenMaxRedirectsIsZero() {
    source = new HttpEvidenceSource(HttpEvidenceConfig.defaults().withMaxRedirects(0));
    server.createContext("/old", redirect(308, "/new"));
    server.createContext("/new", respond(200, MANIFEST));

    assertThat(fetch(url(server, "/old")))
        .isEqualTo(new FetchResult.Failed(url(server, "/old"), "more than 0 redirects"));
  }

  @Test
  void failsOnARedirectWithoutLocation() {
    server.createContext("/nowhere", respond(302, new byte[0]));

    assertThat(fetch(url(server, "/nowhere"))).isEqualTo(
        new FetchResult.Failed(url(server, "/nowhere"), "redirect without a Location header"));
  }

  @Test
  void failsWhenNothingListens() throws IOException {
    HttpServer closed = startLoopbackServer();
    String url = url(closed, "/m.json");
    closed.stop(0);

    FetchResult result = fetch(url);

    assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class,
        failed -> assertThat(failed.message()).startsWith("could not connect"));
  }

  @Test
  void servesConcurrentFetchesFromOneSource() throws Exception {
    server.createContext("/m.json", respond(200, MANIFEST));
    ExecutorService callers = Executors.newFixedThreadPool(8);
    executors.add(callers);
    List<Future<FetchResult>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(callers.submit(() -> source.fetch(url(server, "/m.json"))));
    }

    for (Future<FetchResult> result : results) {
      assertThat(result.get(GENEROUS.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(new FetchResult.Found(url(server, "/m.json"), MANIFEST));
    }
  }

  private void awaitRelease() {
    try {
      release.await(GENEROUS.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
