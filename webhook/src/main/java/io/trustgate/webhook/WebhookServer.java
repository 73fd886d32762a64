package io.trustgate.webhook;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.webhook.server.WebhookRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the Micronaut HTTPS server for validated settings. TLS material is loaded by
 * Micronaut's file certificate provider, which re-reads the PEM files on a schedule, so a
 * rotated Secret is served without a restart.
 *
 * <p>The context is built and the server started directly rather than through {@code
 * Micronaut.run}, which registers a shutdown hook of its own: two hooks closing the same context
 * and server from two threads deadlock (each holds the lock the other waits for). The process has
 * exactly one hook, {@link #shutdown}.
 */
public final class WebhookServer {
  static final String CERTIFICATE_NAME = "trustgate-webhook";
  /** JDK security property, overridable as a system property (java.security, "PKCS12 KeyStore properties"). */
  static final String PKCS12_KEY_PBE_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";

  private WebhookServer() {}

  public static ApplicationContext start(WebhookSettings settings, EscapeHatches hatches) {
    return start(settings, hatches, Map.of());
  }

  /**
   * @param overrides extra Micronaut properties (tests)
   * @param beans extra singletons (tests: stand-ins for what the server would create itself)
   */
  public static ApplicationContext start(
      WebhookSettings settings, EscapeHatches hatches, Map<String, Object> overrides, Object... beans) {
    inMemoryKeyStoresWithoutKeyStretching();
    Map<String, Object> props = properties(settings);
    props.putAll(overrides);
    ApplicationContext context = ApplicationContext.builder()
        .banner(false)
        .deduceEnvironment(false)
        .deduceCloudEnvironment(false)
        .properties(props)
        .singletons(settings, hatches)
        .singletons(beans)
        .start();
    try {
      context.getBean(EmbeddedServer.class).start();
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
    return context;
  }

  /**
   * Micronaut's certificate provider and Netty hand the PEM key to the JDK's TLS through PKCS#12
   * key stores that live in memory only; each time one is built (at start, on every certificate
   * reload, and once more in Netty's own start-up self-check) the JDK protects the key in it with
   * 10,000 rounds of PBKDF2-HMAC-SHA256 by default. That stretching guards a key store written to
   * disk against password guessing; in memory, next to the unencrypted PEM file it was read from,
   * it guards nothing, but it cost a noticeable share of the webhook's start (the hashing runs
   * interpreted, then drives C2). One round is used instead, unless the property is set
   * explicitly. The webhook writes no key store anywhere.
   */
  static void inMemoryKeyStoresWithoutKeyStretching() {
    if (System.getProperty(PKCS12_KEY_PBE_ITERATIONS) == null) {
      System.setProperty(PKCS12_KEY_PBE_ITERATIONS, "1");
    }
  }

  /**
   * Stops gracefully: readiness turns false (so the Service stops routing here), the listener
   * closes, reviews in flight are answered (for at most the webhook timeout, longer than any
   * review can take), then everything is closed. Safe to call from a shutdown hook.
   */
  public static void shutdown(ApplicationContext context) {
    if (!context.isRunning()) {
      return;
    }
    context.findBean(WebhookRuntime.class).ifPresent(WebhookRuntime::shuttingDown);
    context.close();
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
    // Slow or stalled clients (docs/webhook.md, "Connections"): the cap is ConnectionLimit.
    ServingLimits limits = s.limits();
    p.put("micronaut.server.ssl.handshake-timeout", limits.handshakeTimeout().toMillis() + "ms");
    p.put("micronaut.server.read-idle-timeout", limits.idleTimeout().toMillis() + "ms");
    p.put("micronaut.server.write-idle-timeout", limits.idleTimeout().toMillis() + "ms");
    p.put("micronaut.server.idle-timeout", limits.idleTimeout().toMillis() + "ms");
    // On close, answer what is in flight before the listener's connections are torn down.
    p.put("micronaut.lifecycle.graceful-shutdown.enabled", true);
    p.put("micronaut.lifecycle.graceful-shutdown.grace-period", limits.webhookTimeout().toMillis() + "ms");
    return p;
  }
}
