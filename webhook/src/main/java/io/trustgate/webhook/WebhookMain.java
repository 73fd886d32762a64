package io.trustgate.webhook;

import io.micronaut.context.ApplicationContext;
import io.trustgate.core.decision.EscapeHatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code java -jar trustgate-webhook.jar [flags]}: parse and validate flags, then serve. */
public final class WebhookMain {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookMain.class);

  private WebhookMain() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new WebhookCommand());
    WebhookSettings settings;
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return;
      }
      settings = ((WebhookCommand) cli.getCommand()).call();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("run with --help for the flags");
      System.exit(2);
      return;
    }
    EscapeHatches hatches = EscapeHatches.fromEnvironment(System.getenv());
    ApplicationContext context = WebhookServer.start(settings, hatches);
    LOG.info("trustgate webhook serving HTTPS on port {}", WebhookServer.port(context));
    // The only shutdown hook (WebhookServer starts no other): drain, then close. It never calls
    // System.exit, which would block forever inside a hook.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("SIGTERM: answering reviews in flight, then stopping (at most {})", settings.limits().webhookTimeout());
      long start = System.nanoTime();
      WebhookServer.shutdown(context);
      LOG.info("trustgate webhook stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }, "trustgate-shutdown"));
  }
}
