package io.trustgate.cli;

import io.trustgate.core.sigstore.SigstoreClasses;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
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

  /**
   * The subcommands, in the order of the help. picocli builds a command's model by reflection
   * when it is added, so a run adds only the command it invokes (see {@link #commandLine(String...)}).
   */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  /** The subcommands that verify bundles whatever their input. */
  private static final Set<String> VERIFYING = Set.of("verify-blob", "verify-manifest", "check", "audit", "import");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("verify-blob", VerifyBlobCommand::new);
    commands.put("verify-manifest", VerifyManifestCommand::new);
    commands.put("check", CheckCommand::new);
    commands.put("audit", AuditCommand::new);
    commands.put("import", ImportCommand::new);
    commands.put("help", CommandLine.HelpCommand::new);
    return commands;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    if (args.length > 0 && VERIFYING.contains(args[0]) && !asksForHelpOrVersion(args)) {
      // Most of a first verification is initialising sigstore-java, BouncyCastle and protobuf
      // classes: started now, it overlaps with picocli and with reading the inputs.
      Judgement.daemonThreads("trustgate-init").newThread(SigstoreClasses::initialize).start();
    }
    System.exit(commandLine(args).execute(args));
  }

  private static boolean asksForHelpOrVersion(String[] args) {
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return true;
      }
    }
    return false;
  }

  /** The configured command line with every subcommand; tests drive it with their own writers. */
  public static CommandLine commandLine() {
    return configured(COMMANDS.keySet());
  }

  /**
   * The command line for {@code args}: when the first argument names a subcommand other than
   * {@code help}, only that one is built (so a {@code check} never loads {@code audit}'s cluster
   * client classes); otherwise every one, for the top-level help, version, usage errors and
   * suggestions. What follows the subcommand's name is parsed the same either way.
   */
  public static CommandLine commandLine(String... args) {
    if (args.length > 0 && !"help".equals(args[0]) && COMMANDS.containsKey(args[0])) {
      return configured(List.of(args[0]));
    }
    return commandLine();
  }

  private static CommandLine configured(Collection<String> subcommands) {
    CommandLine cli = new CommandLine(new Main());
    subcommands.forEach(name -> cli.addSubcommand(name, COMMANDS.get(name).get()));
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
