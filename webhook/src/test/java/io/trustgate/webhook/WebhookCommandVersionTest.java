package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The webhook answers --version and --help as WebhookMain runs them: printed, nothing started. */
class WebhookCommandVersionTest {
  static String printed(String flag) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new WebhookCommand());
    cli.setOut(new PrintWriter(out, true));
    assertThat(CommandLine.printHelpIfRequested(cli.parseArgs(flag))).isTrue();
    return out.toString();
  }

  @Test
  void printsItsVersion() {
    assertThat(printed("--version")).startsWith("trustgate-webhook ");
  }

  @Test
  void printsHelpWithoutRequiringTlsFiles() {
    assertThat(printed("--help")).startsWith("Usage: trustgate-webhook").contains("--mirror-dir");
  }
}
