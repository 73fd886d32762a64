package io.trustgate.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;
import org.HdrHistogram.Histogram;

/**
 * The I/O side of {@link OpenLoopLoad}: one Netty event loop thread owns every connection and all
 * counters; the pacing thread only publishes how many requests are due. Requests due while every
 * connection is busy are not stored anywhere: they are the indices between the next one to send
 * and the number due, and each keeps its intended send time, {@code start + i / rate}.
 */
final class LoadClient implements AutoCloseable {
  record Result(Histogram latency, long measured, long answered, long errors, long wrong, Map<String, String> tls) {}

  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final EventLoop loop = group.next();
  private final FullHttpRequest template;
  private final ByteBuf expected;
  private final List<Connection> all = new ArrayList<>();
  private final Map<String, String> tls;

  private final AtomicLong dueCount = new AtomicLong();
  private final AtomicBoolean dispatchQueued = new AtomicBoolean();
  private volatile long answeredVolatile;

  // Owned by the event loop.
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
  private double rate;
  private long warmupCount;
  private long start;
  private int phase;
  private long nextToSend;
  private long answered;
  private long measured;
  private long errors;
  private long wrong;
  private boolean reportedFailure;

  /** @param allowed the answer every response must carry, or null for any */
  LoadClient(URI url, Path ca, byte[] body, Boolean allowed, int connections) throws Exception {
    this.expected = allowed == null ? null
        : Unpooled.copiedBuffer("\"allowed\":" + allowed, StandardCharsets.US_ASCII);
    String host = url.getHost();
    int port = url.getPort() == -1 ? 443 : url.getPort();
    template = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, url.getRawPath(),
        Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(body)));
    template.headers()
        .set(HttpHeaderNames.HOST, host + ":" + port)
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    SslContext ssl = SslContextBuilder.forClient().trustManager(ca.toFile()).build();
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port), new HttpClientCodec(),
                new HttpObjectAggregator(1 << 20), new Connection());
          }
        });
    for (int i = 0; i < connections; i++) {
      Channel ch = bootstrap.connect(host, port).sync().channel();
      ch.pipeline().get(SslHandler.class).handshakeFuture().sync();
      all.add(ch.pipeline().get(Connection.class));
    }
    SSLSession session = all.get(0).channel.pipeline().get(SslHandler.class).engine().getSession();
    tls = Map.of("protocol", session.getProtocol(), "cipher", session.getCipherSuite(),
        "serverKey", session.getPeerCertificates()[0].getPublicKey().getAlgorithm());
    loop.submit(() -> idle.addAll(all)).sync();
  }

  /** Offset of request {@code i}'s intended send time from the start, in nanoseconds. */
  static long intendedOffset(long i, double rate) {
    return (long) (i * 1e9 / rate);
  }

  /**
   * Starts a phase: request {@code i} is due at {@code startNanos + i / rate}; the first {@code
   * warmupCount} are not measured. Call when the previous phase is fully answered.
   */
  void begin(long startNanos, double phaseRate, long phaseWarmupCount) throws InterruptedException {
    loop.submit(() -> {
      start = startNanos;
      phase++;
      rate = phaseRate;
      warmupCount = phaseWarmupCount;
      nextToSend = 0;
      answered = 0;
      answeredVolatile = 0;
      measured = 0;
      errors = 0;
      wrong = 0;
      latency.reset();
      dueCount.set(0);
    }).sync();
  }

  /** Requests {@code [0, count)} are due: send what a free connection can take now. */
  void due(long count) {
    dueCount.set(count);
    if (!dispatchQueued.getAndSet(true)) {
      loop.execute(this::dispatch);
    }
  }

  private void dispatch() {
    dispatchQueued.set(false);
    long due = dueCount.get();
    while (nextToSend < due && !idle.isEmpty()) {
      idle.pop().send(nextToSend++);
    }
  }

  /** Waits until every due request is answered or failed; false after the timeout. */
  boolean awaitAnswers(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (answeredVolatile < dueCount.get()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  Result result() throws Exception {
    return loop.submit(() -> new Result(latency.copy(), measured, answered, errors, wrong, tls)).get();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void failure(String what) {
    if (!reportedFailure) {
      reportedFailure = true;
      System.err.println("open-loop-load: " + what + " (further failures are only counted)");
    }
  }

  /** One keep-alive connection: at most one request in flight. */
  private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
    private Channel channel;
    private long inFlight = -1;
    private int inFlightPhase;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      channel = ctx.channel();
      super.channelActive(ctx);
    }

    void send(long index) {
      inFlight = index;
      inFlightPhase = phase;
      channel.writeAndFlush(template.retainedDuplicate(), channel.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      long now = System.nanoTime();
      long index = inFlight;
      inFlight = -1;
      if (index < 0) {
        failure("an answer nobody asked for");
        errors++;
        return;
      }
      if (inFlightPhase != phase) { // the answer to a request the previous phase gave up on
        idle.push(this);
        dispatch();
        return;
      }
      answered++;
      answeredVolatile = answered;
      if (response.status().code() != 200) {
        errors++;
        failure("HTTP " + response.status() + ": " + response.content().toString(StandardCharsets.UTF_8));
      } else if (expected != null && ByteBufUtil.indexOf(expected, response.content()) < 0) {
        wrong++;
        failure("unexpected answer: " + response.content().toString(StandardCharsets.UTF_8));
      }
      if (index >= warmupCount) {
        measured++;
        latency.recordValue(Math.min(now - (start + intendedOffset(index, rate)), latency.getHighestTrackableValue()));
      }
      if (nextToSend < dueCount.get()) {
        send(nextToSend++);
      } else {
        idle.push(this);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failure("connection failed: " + cause);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      idle.remove(this);
      if (inFlight >= 0 && inFlightPhase == phase) {
        inFlight = -1;
        errors++;
        answered++;
        answeredVolatile = answered;
        failure("connection closed with a request in flight");
      }
      super.channelInactive(ctx);
    }
  }
}
