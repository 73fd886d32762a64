package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Help and version work for every command, in a real process, with exit code 0. */
class HelpAndVersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"check", "import", "verify-blob", "verify-manifest"})
  void everySubcommandPrintsHelpWithoutDemandingItsRequiredOptions(String command) {
    CliProcess run = CliProcess.run(command, "--help");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Usage: trustgate " + command).contains("Exit codes:");
    assertThat(run.err()).isEmpty();
    CliRun shortFlag = CliRun.of(command, "-h");
    assertThat(shortFlag.exitCode()).isZero();
    assertThat(shortFlag.out()).isEqualTo(run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"check", "import", "verify-blob", "verify-manifest"})
  void everySubcommandPrintsTheVersion(String command) {
    CliRun run = CliRun.of(command, "--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("trustgate ");
  }

  @Test
  void topLevelHelpAndVersionExitZero() {
    CliProcess help = CliProcess.run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Commands:", "check", "import", "Exit codes:");
    CliProcess version = CliProcess.run("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("trustgate ");
  }

  @Test
  void commandSummariesAreWholeSentences() {
    String help = CliRun.of("--help").out().replaceAll("\\s+", " ");
    CommandLine cli = Main.commandLine();
    for (String name : List.of("check", "import", "verify-blob", "verify-manifest")) {
      String summary = cli.getSubcommands().get(name).getCommandSpec().usageMessage().description()[0];
      assertThat(summary).endsWith(".");
      assertThat(help).contains(name + " " + summary);
    }
  }

  @Test
  void missingRequiredOptionsAreAUsageErrorWithTheErrorPrefix() {
    CliProcess run = CliProcess.run("check");
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("error: Missing required options").contains("trustgate check --help");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliProcess run = CliProcess.run("check", "--bogus");
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("error: ");
  }
}
