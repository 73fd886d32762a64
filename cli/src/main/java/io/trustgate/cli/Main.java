package io.trustgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trustgate} command. */
@Command(
    name = "trustgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Verify signed release manifests and judge workloads offline, exactly as the admission webhook does.",
    subcommands = {
      VerifyBlobCommand.class,
      VerifyManifestCommand.class,
      CheckCommand.class,
      ImportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Allowed / verified. */
  public static final int OK = 0;
  /** Denied / not verified. */
  public static final int REJECTED = 1;
  /** Bad usage or unreadable input. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests drive it with their own writers. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InputException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return USAGE;
          }
          commandLine.getErr().println("error: " + e);
          return USAGE;
        });
    return cli;
  }
}
