package io.trustgate.webhook.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CertificateProviderCloseFilterTest {
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  CertificateProviderCloseFilterTest() {
    CertificateProviderCloseFilter filter = new CertificateProviderCloseFilter();
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    events.setContext(context);
    events.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
  }

  @Test
  void dropsOnlyTheCertificateProvidersCloseWarning() {
    Logger beans = context.getLogger(CertificateProviderCloseFilter.LOGGER);
    NullPointerException npe = new NullPointerException("Cannot invoke \"java.nio.file.WatchService.close()\"");
    beans.warn("Error disposing bean [" + CertificateProviderCloseFilter.BEAN + "@6de004f1]... Continuing...", npe);
    // The same event as Micronaut writes it, with the bean as a parameter.
    beans.warn("Error disposing bean [{}]... Continuing...", new FileCertificateProvider(), npe);
    assertThat(events.list).isEmpty();

    beans.warn("Error disposing bean [io.micronaut.scheduling.DefaultTaskScheduler@1]... Continuing...", npe);
    beans.warn("Error disposing bean [" + CertificateProviderCloseFilter.BEAN + "@1]... Continuing...",
        new IllegalStateException("another failure"));
    beans.error("Error disposing bean [" + CertificateProviderCloseFilter.BEAN + "@1]... Continuing...", npe);
    context.getLogger("io.trustgate.webhook.WebhookServer").warn(CertificateProviderCloseFilter.BEAN, npe);
    beans.warn("Error disposing bean [{}]... Continuing...", new Object(), npe);
    assertThat(events.list).hasSize(5);
  }

  /** Stands for Micronaut's bean: the filter knows it by its class name. */
  private static final class FileCertificateProvider {}

  @Test
  void theShippedLoggingConfigurationInstallsIt() throws Exception {
    LoggerContext shipped = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(shipped);
    configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
    assertThat(shipped.getTurboFilterList()).anyMatch(f -> f instanceof CertificateProviderCloseFilter);
  }
}
