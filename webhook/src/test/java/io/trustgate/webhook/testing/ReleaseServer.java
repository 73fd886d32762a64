package io.trustgate.webhook.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback release download server over a directory, with per-path faults: the upstream a
 * webhook meets in real life (404, 500, slow, truncated, wrong content type, redirects).
 */
public final class ReleaseServer implements AutoCloseable {
  /** What to do for a path instead of serving its file. */
  public enum Fault { NOT_FOUND, SERVER_ERROR, SLOW, TRUNCATED, HTML_CONTENT_TYPE, REDIRECT_SAME_SCHEME, REDIRECT_TO_HTTPS,
    /** Accept the request and never answer (until the server closes): a hanging mirror. */
    HANG }

  private final HttpServer server;
  private final Path root;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, Fault> prefixFaults = new ConcurrentHashMap<>();
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

  public ReleaseServer(Path root) throws IOException {
    this.root = root;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void fault(String path, Fault fault) {
    faults.put(path, fault);
  }

  /** A fault for every path under {@code prefix}, whether or not a file exists there. */
  public void faultUnder(String prefix, Fault fault) {
    prefixFaults.put(prefix, fault);
  }

  public int requests() {
    return requests.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String path = ex.getRequestURI().getPath();
    Fault fault = faults.get(path);
    for (var e : prefixFaults.entrySet()) {
      if (fault == null && path.startsWith(e.getKey())) {
        fault = e.getValue();
      }
    }
    if (fault == Fault.HANG) {
      try (ex) {
        closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    if (path.startsWith("/redirected/")) {
      path = path.substring("/redirected".length()); // the target of a redirect: serve it plainly
      fault = null;
    }
    Path file = root.resolve(path.substring(1)).normalize();
    try (ex) {
      if (fault == Fault.NOT_FOUND || !file.startsWith(root) || !Files.isRegularFile(file)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (fault == Fault.SERVER_ERROR) {
        ex.sendResponseHeaders(500, -1);
        return;
      }
      if (fault == Fault.REDIRECT_SAME_SCHEME) {
        ex.getResponseHeaders().add("Location", base() + "/redirected" + path);
        ex.sendResponseHeaders(302, -1);
        return;
      }
      if (fault == Fault.REDIRECT_TO_HTTPS) {
        ex.getResponseHeaders().add("Location", "https://127.0.0.1:1" + path);
        ex.sendResponseHeaders(302, -1);
        return;
      }
      byte[] body = Files.readAllBytes(file);
      if (fault == Fault.SLOW) {
        sleep(5_000);
      }
      ex.getResponseHeaders().add("Content-Type", fault == Fault.HTML_CONTENT_TYPE ? "text/html" : "application/json");
      if (fault == Fault.TRUNCATED) {
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        return; // closing early: the client sees fewer bytes than announced
      }
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    } catch (IOException e) {
      // the client went away (timeout): nothing to do
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
