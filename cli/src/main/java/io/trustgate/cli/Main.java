package io.trustgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trustgate} command. */
@Command(
    name = "trustgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Verify signed release manifests and judge workloads offline, exactly as the admission webhook does.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified / everything allowed",
      "1:not verified / something denied or refused",
      "2:usage or input error (missing file, malformed YAML, invalid policy, bad flag)",
      "3:could not decide: evidence or trust root unavailable, timeout (nothing was denied)"
    },
    subcommands = {
      VerifyBlobCommand.class,
      VerifyManifestCommand.class,
      CheckCommand.class,
      AuditCommand.class,
      ImportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Allowed / verified. */
  public static final int OK = 0;
  /** Denied / not verified / refused. */
  public static final int REJECTED = 1;
  /** Bad usage or unreadable input. */
  public static final int USAGE = 2;
  /** The evidence needed to decide was not available (network, mirror, deadline): retry. */
  public static final int UNDECIDED = 3;

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
          if (e instanceof UndecidedException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return UNDECIDED;
          }
          if (e instanceof InputException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return USAGE;
          }
          commandLine.getErr().println("error: " + e);
          return USAGE;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println("error: " + e.getMessage());
          failed.getErr().println("run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage");
          return USAGE;
        });
    return cli;
  }
}
