package io.trustgate.webhook.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops one known, harmless warning at shutdown: Micronaut 4.10's {@code FileCertificateProvider}
 * closes a file watcher it never opened when its refresh mode is {@code SCHEDULER} (the mode the
 * webhook uses, because Kubernetes swaps Secret files through a symlink), and the bean context logs
 * the resulting {@link NullPointerException} with its stack trace on every stop. Nothing is left
 * open: the scheduled refresh ends with the context. Every other event passes untouched.
 */
public final class CertificateProviderCloseFilter extends TurboFilter {
  static final String LOGGER = "io.micronaut.context.DefaultBeanContext";
  static final String BEAN = "io.micronaut.http.ssl.FileCertificateProvider";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable t) {
    // warn("... [{}] ...", bean, e) reaches turbo filters with the exception as the last parameter.
    Throwable thrown = t != null ? t
        : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
    if (thrown instanceof NullPointerException
        && level == Level.WARN
        && LOGGER.equals(logger.getName())
        && mentionsProvider(format, params)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean mentionsProvider(String format, Object[] params) {
    if (format != null && format.contains(BEAN)) {
      return true;
    }
    if (params != null) {
      for (Object p : params) {
        if (p != null && p.getClass().getName().contains("FileCertificateProvider")) {
          return true;
        }
      }
    }
    return false;
  }
}
