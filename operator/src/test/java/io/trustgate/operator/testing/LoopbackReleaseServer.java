package io.trustgate.operator.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A release server on 127.0.0.1 whose documents tests change over time; can go down (503). */
public final class LoopbackReleaseServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private volatile boolean down;

  public LoopbackReleaseServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      byte[] body = down ? null : documents.get(exchange.getRequestURI().getPath());
      int status = down ? 503 : body == null ? 404 : 200;
      byte[] out = body == null ? new byte[0] : body;
      exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public void put(String path, byte[] body) {
    documents.put(path, body);
  }

  public void remove(String path) {
    documents.remove(path);
  }

  public void down(boolean down) {
    this.down = down;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
