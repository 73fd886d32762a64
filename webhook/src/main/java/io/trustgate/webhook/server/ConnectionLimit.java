package io.trustgate.webhook.server;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.trustgate.webhook.WebhookSettings;
import io.trustgate.webhook.metrics.WebhookMetrics;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections served at once ({@code --max-connections}): one past the cap is closed as
 * soon as it is accepted, before any TLS work is spent on it. With the handshake and idle
 * timeouts this bounds what stalled clients can hold (memory, file descriptors) while the
 * connections already open, such as the apiserver's keep-alive ones, keep being served.
 * Micronaut has no such setting; this is a Netty pipeline hook it offers for the purpose.
 */
@Singleton
public final class ConnectionLimit implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  private final int max;
  private final WebhookMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();

  public ConnectionLimit(WebhookSettings settings, WebhookMetrics metrics) {
    this.max = settings.limits().maxConnections();
    this.metrics = metrics;
    metrics.gauge("trustgate.connections.open", "Connections open to the webhook", open::get);
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    NettyServerCustomizer.Registry registry = event.getBean();
    registry.register(new NettyServerCustomizer() {
      @Override
      public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        return role == ChannelRole.CONNECTION ? new Admission(channel) : this;
      }
    });
    return registry;
  }

  /** Counts one accepted connection, or closes it when the cap is reached. */
  private final class Admission implements NettyServerCustomizer {
    private final Channel channel;

    Admission(Channel channel) {
      this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return this;
    }

    @Override
    public void onInitialPipelineBuilt() {
      if (open.incrementAndGet() > max) {
        open.decrementAndGet();
        metrics.rejectedRequest("connection_limit");
        channel.close();
        return;
      }
      channel.closeFuture().addListener(f -> open.decrementAndGet());
    }
  }
}
