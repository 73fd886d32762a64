package io.trustgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run builds only the picocli model of the command it invokes; anything else gets them all. */
class CommandDispatchTest {
  @ParameterizedTest
  @ValueSource(strings = {"check", "audit", "import", "verify-blob", "verify-manifest"})
  void aNamedCommandIsTheOnlyOneBuilt(String command) {
    assertThat(Main.commandLine(command, "--help").getSubcommands()).containsOnlyKeys(command);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-V", "help", "chek", "@args.txt"})
  void topLevelOptionsHelpAndUnknownCommandsGetEveryCommand(String first) {
    assertThat(Main.commandLine(first, "check").getSubcommands())
        .containsOnlyKeys("verify-blob", "verify-manifest", "check", "audit", "import", "help");
  }

  @Test
  void noArgumentsGetEveryCommand() {
    assertThat(Main.commandLine(new String[0]).getSubcommands()).hasSize(6);
  }

  @Test
  void aMistypedCommandIsStillAUsageErrorNamingIt() {
    CliProcess run = CliProcess.run("chek");
    assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("error: Unmatched argument at index 0: 'chek'")
        .contains("trustgate --help");
  }
}
