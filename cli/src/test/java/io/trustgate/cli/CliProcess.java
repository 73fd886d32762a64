package io.trustgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code trustgate} as a separate JVM, as a user would: real exit code, real streams. */
record CliProcess(int exitCode, String out, String err) {
  static CliProcess run(String... args) {
    return run(null, args);
  }

  static CliProcess run(Path stdin, String... args) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, Main.class.getName()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("trustgate-out", ".txt");
      Path err = Files.createTempFile("trustgate-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (stdin != null) {
        pb.redirectInput(stdin.toFile());
      }
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("trustgate " + String.join(" ", args) + " did not finish");
      }
      CliProcess result = new CliProcess(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
