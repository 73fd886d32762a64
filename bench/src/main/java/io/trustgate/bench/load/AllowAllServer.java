package io.trustgate.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The floor for the webhook's load numbers: an HTTPS server that answers every AdmissionReview
 * with {@code allowed: true} and does nothing else. It uses what the webhook's Micronaut server
 * uses underneath (Netty, its HTTP/1.1 codec, the JDK's TLS through Netty's {@link SslContextBuilder}
 * defaults, the same PEM key and certificate) and does the least any AdmissionReview server must:
 * read the whole body to find {@code request.uid} (with Jackson's streaming parser) and write a
 * response for it. What the webhook costs beyond this is Micronaut's routing and trustgate's work.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.trustgate.bench.load.AllowAllServer tls.crt tls.key [port]</pre>
 *
 * Prints {@code listening on port N} once it accepts connections (port 0, the default, picks a free one).
 */
public final class AllowAllServer {
  private static final JsonFactory JSON = new JsonFactory();

  private AllowAllServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: AllowAllServer CERT.pem KEY.pem [PORT]");
      System.exit(2);
    }
    int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Channel server = start(Path.of(args[0]), Path.of(args[1]), port);
    System.out.println("listening on port " + ((InetSocketAddress) server.localAddress()).getPort());
    System.out.flush();
    server.closeFuture().sync();
  }

  /** Listens on 127.0.0.1:{@code port} (0: a free one); closing the channel stops the server. */
  public static Channel start(Path cert, Path key, int port) throws Exception {
    SslContext ssl = SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
    NioEventLoopGroup boss = new NioEventLoopGroup(1);
    NioEventLoopGroup workers = new NioEventLoopGroup();
    Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new HttpServerCodec(),
                new HttpServerKeepAliveHandler(), new HttpObjectAggregator(3 << 20), new Handler());
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    server.closeFuture().addListener(f -> {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    });
    return server;
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String uid;
      try {
        uid = uid(request.content());
      } catch (IOException e) {
        uid = null;
      }
      FullHttpResponse response;
      if (uid == null) {
        response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.BAD_REQUEST);
      } else {
        ByteBuf body = ctx.alloc().buffer(128);
        try (JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(body))) {
          g.writeStartObject();
          g.writeStringField("apiVersion", "admission.k8s.io/v1");
          g.writeStringField("kind", "AdmissionReview");
          g.writeObjectFieldStart("response");
          g.writeStringField("uid", uid);
          g.writeBooleanField("allowed", true);
          g.writeEndObject();
          g.writeEndObject();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      }
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      var write = ctx.writeAndFlush(response);
      if (uid == null) {
        write.addListener(ChannelFutureListener.CLOSE);
      }
    }

    /** request.uid of an AdmissionReview, reading (and skipping) everything else. */
    private static String uid(ByteBuf content) throws IOException {
      try (JsonParser p = JSON.createParser((java.io.InputStream) new ByteBufInputStream(content))) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        String uid = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals("request") && value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String inner = p.currentName();
              p.nextToken();
              if (inner.equals("uid")) {
                uid = p.getValueAsString();
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        return uid;
      }
    }
  }
}
