package io.trustgate.webhook;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.trustgate.core.decision.EscapeHatches;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the Micronaut HTTPS server for validated settings. TLS material is loaded by
 * Micronaut's file certificate provider, which re-reads the PEM files on a schedule, so a
 * rotated Secret is served without a restart.
 */
public final class WebhookServer {
  static final String CERTIFICATE_NAME = "trustgate-webhook";

  private WebhookServer() {}

  public static ApplicationContext start(WebhookSettings settings, EscapeHatches hatches) {
    return start(settings, hatches, Map.of());
  }

  /** @param overrides extra Micronaut properties (tests) */
  public static ApplicationContext start(
      WebhookSettings settings, EscapeHatches hatches, Map<String, Object> overrides) {
    Map<String, Object> props = properties(settings);
    props.putAll(overrides);
    return Micronaut.build(new String[0])
        .mainClass(WebhookServer.class)
        .banner(false)
        .deduceEnvironment(false)
        .properties(props)
        .singletons(settings, hatches)
        .start();
  }

  public static int port(ApplicationContext context) {
    return context.getBean(EmbeddedServer.class).getPort();
  }

  static Map<String, Object> properties(WebhookSettings s) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("micronaut.application.name", "trustgate-webhook");
    p.put("micronaut.server.ssl.enabled", true);
    p.put("micronaut.server.ssl.build-self-signed", false);
    p.put("micronaut.server.ssl.port", s.port() == 0 ? -1 : s.port());
    p.put("micronaut.server.ssl.key-name", CERTIFICATE_NAME);
    p.put("micronaut.server.dual-protocol", false);
    String prefix = "micronaut.certificate.file." + CERTIFICATE_NAME + ".";
    p.put(prefix + "path", s.tlsKey().toAbsolutePath().toString());
    p.put(prefix + "certificate-path", s.tlsCert().toAbsolutePath().toString());
    p.put(prefix + "format", "PEM");
    // Kubernetes swaps Secret files through a symlink, which file watchers miss: poll.
    p.put(prefix + "refresh-mode", "SCHEDULER");
    p.put(prefix + "refresh-interval", s.tlsReloadInterval().toMillis() + "ms");
    p.put("micronaut.server.max-request-size", s.maxBodyBytes());
    return p;
  }
}
