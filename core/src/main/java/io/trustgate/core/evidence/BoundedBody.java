package io.trustgate.core.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Response body subscribers that never hold more than a fixed number of bytes: evidence servers
 * are not trusted to send what they announce, or to stop.
 */
final class BoundedBody {

  private BoundedBody() {}

  /** The body exceeded the limit, by its Content-Length or by what arrived. */
  static final class TooLargeException extends IOException {
    TooLargeException(long maxBytes) {
      super("response body exceeds " + maxBytes + " bytes");
    }
  }

  /** Collects up to {@code maxBytes}, and cancels the exchange as soon as one more arrives. */
  static BodySubscriber<byte[]> upTo(long maxBytes, long expectedBytes) {
    return new Collecting(maxBytes, expectedBytes);
  }

  /** Fails at once without reading: the announced length is already too large. */
  static BodySubscriber<byte[]> refused(long maxBytes) {
    return new Cancelling(new TooLargeException(maxBytes));
  }

  /** Ignores the body of a response whose status says all (404, redirects, errors). */
  static BodySubscriber<byte[]> discarded() {
    return new Cancelling(null);
  }

  private static final class Collecting implements BodySubscriber<byte[]> {
    private final long maxBytes;
    private final ByteArrayOutputStream buffer;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long received;

    Collecting(long maxBytes, long expectedBytes) {
      this.maxBytes = maxBytes;
      // Trust the announced length only as a sizing hint, and only up to 1 MiB.
      long hint = expectedBytes > 0 ? Math.min(expectedBytes, maxBytes) : 8192;
      this.buffer = new ByteArrayOutputStream((int) Math.min(hint, 1 << 20));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      if (this.subscription != null) {
        subscription.cancel();
        return;
      }
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        received += item.remaining();
        if (received > maxBytes) {
          subscription.cancel();
          body.completeExceptionally(new TooLargeException(maxBytes));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.writeBytes(chunk);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }

  private static final class Cancelling implements BodySubscriber<byte[]> {
    private final IOException failure;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();

    Cancelling(IOException failure) {
      this.failure = failure;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
      if (failure == null) {
        body.complete(null);
      } else {
        body.completeExceptionally(failure);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {}

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(null);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }
}
