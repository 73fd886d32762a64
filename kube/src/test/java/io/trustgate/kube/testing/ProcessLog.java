package io.trustgate.kube.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of a child process, written to a file. A file rather than a pipe because
 * {@code Process.destroy()} closes the pipes: what the process logs after SIGTERM would be lost.
 */
public final class ProcessLog {
  private final Path file;

  public ProcessLog(Path file) {
    this.file = file;
  }

  public List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a line matching {@code pattern} and returns its first group as a number. */
  public int await(Pattern pattern, int seconds) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      for (String line : lines()) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line matching " + pattern + " within " + seconds + " s; output:\n" + this);
  }

  @Override
  public String toString() {
    return String.join("\n", lines());
  }
}
