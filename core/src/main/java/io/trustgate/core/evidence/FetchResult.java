package io.trustgate.core.evidence;

import java.util.Arrays;
import java.util.Objects;

/** The outcome of one {@link EvidenceSource#fetch}; {@link #url()} is the URL asked for. */
public sealed interface FetchResult {

  String url();

  /**
   * The document's bytes. The array is copied in and out, so the value is immutable: evidence is
   * hashed and verified after it is fetched and must not change underneath.
   */
  record Found(String url, byte[] body) implements FetchResult {

    public Found {
      Objects.requireNonNull(url, "url");
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The body length, without copying. */
    public int size() {
      return body.length;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Found that && url.equals(that.url) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
      return 31 * url.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
      return "Found[url=" + url + ", " + body.length + " bytes]";
    }
  }

  /** The source answered that there is no such document (HTTP 404 or 410, no mirror file). */
  record NotFound(String url) implements FetchResult {

    public NotFound {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * No answer to rely on: unreachable, timed out, refused, too large, an unexpected status.
   *
   * @param message short and human, e.g. {@code "HTTP status 503"}; never a stack trace
   */
  record Failed(String url, String message) implements FetchResult {

    public Failed {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(message, "message");
    }
  }
}
