package io.trustgate.core.evidence;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Fetches evidence over http and https with the JDK client, within the limits of an {@link
 * HttpEvidenceConfig}: one deadline for the whole fetch, a bounded body, and redirects followed
 * by hand so that each hop is checked ({@link UrlRules}). Thread-safe.
 */
public final class HttpEvidenceSource implements EvidenceSource {

  private final HttpEvidenceConfig config;
  private final HttpClient client;

  public HttpEvidenceSource(HttpEvidenceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public HttpEvidenceConfig config() {
    return config;
  }

  @Override
  public FetchResult fetch(String url) {
    URI uri = UrlRules.parse(url);
    String problem = UrlRules.problemWith(url, uri);
    if (problem != null) {
      return new FetchResult.Failed(url == null ? "" : url, problem);
    }
    // The HTTP client's own timeout stops at the response headers; the body needs a deadline too.
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    URI current = uri;
    for (int redirects = 0; ; redirects++) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return timedOut(url);
      }
      HttpResponse<byte[]> response;
      CompletableFuture<HttpResponse<byte[]>> exchange;
      try {
        HttpRequest request = HttpRequest.newBuilder(current)
            .timeout(Duration.ofNanos(remaining))
            .header("User-Agent", config.userAgent())
            .GET()
            .build();
        exchange = client.sendAsync(request, this::subscriberFor);
      } catch (IllegalArgumentException e) {
        return new FetchResult.Failed(url, "invalid URL");
      }
      try {
        response = exchange.get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        exchange.cancel(true);
        return timedOut(url);
      } catch (InterruptedException e) {
        exchange.cancel(true);
        Thread.currentThread().interrupt();
        return new FetchResult.Failed(url, "interrupted");
      } catch (ExecutionException e) {
        return new FetchResult.Failed(url, describe(e.getCause()));
      }

      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new FetchResult.Found(url, response.body());
      }
      if (status == 404 || status == 410) {
        return new FetchResult.NotFound(url);
      }
      if (!isRedirect(status)) {
        return new FetchResult.Failed(url, "HTTP status " + status);
      }
      if (redirects >= config.maxRedirects()) {
        return new FetchResult.Failed(url, "more than " + config.maxRedirects() + " redirects");
      }
      UrlRules.Redirect next =
          UrlRules.next(current, response.headers().firstValue("Location").orElse(null));
      if (next instanceof UrlRules.Redirect.Refuse refuse) {
        return new FetchResult.Failed(url, refuse.reason());
      }
      current = ((UrlRules.Redirect.Follow) next).target();
    }
  }

  /** Decides from status and headers alone how much of the body to read, before reading any. */
  private HttpResponse.BodySubscriber<byte[]> subscriberFor(HttpResponse.ResponseInfo info) {
    if (info.statusCode() < 200 || info.statusCode() >= 300) {
      return BoundedBody.discarded();
    }
    long announced = contentLength(info.headers());
    if (announced > config.maxBytes()) {
      return BoundedBody.refused(config.maxBytes());
    }
    return BoundedBody.upTo(config.maxBytes(), announced);
  }

  private static long contentLength(HttpHeaders headers) {
    try {
      return headers.firstValueAsLong("Content-Length").orElse(-1);
    } catch (NumberFormatException e) {
      return -1; // the bounded subscriber still caps what is read
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private FetchResult timedOut(String url) {
    return new FetchResult.Failed(url, "timed out after " + seconds(config.requestTimeout()));
  }

  /** A short, stable sentence for the expected failures; the class name for anything else. */
  private String describe(Throwable failure) {
    // The JDK wraps root causes (a ConnectException around an unresolved address),
    // so look through the chain, most specific first.
    Throwable found;
    if ((found = find(failure, BoundedBody.TooLargeException.class)) != null) {
      return found.getMessage();
    }
    if (find(failure, HttpConnectTimeoutException.class) != null) {
      return "could not connect within " + seconds(config.connectTimeout());
    }
    if (find(failure, HttpTimeoutException.class) != null) {
      return "timed out after " + seconds(config.requestTimeout());
    }
    if (find(failure, UnresolvedAddressException.class) != null
        || find(failure, UnknownHostException.class) != null) {
      return "unknown host";
    }
    if ((found = find(failure, SSLException.class)) != null) {
      return "TLS failure" + detail(found);
    }
    if ((found = find(failure, ConnectException.class)) != null) {
      return "could not connect" + detail(found);
    }
    if (failure instanceof IOException) {
      return "I/O error" + detail(failure);
    }
    return "unexpected " + failure.getClass().getSimpleName() + detail(failure);
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String detail(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return "";
    }
    message = message.strip().replaceAll("\\s+", " ");
    return ": " + (message.length() <= 160 ? message : message.substring(0, 160) + "...");
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
