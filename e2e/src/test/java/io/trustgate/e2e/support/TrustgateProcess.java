package io.trustgate.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One trustgate jar run as its own process (as in a Pod), its output kept in a log file. */
public final class TrustgateProcess {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;
  private int starts;

  public TrustgateProcess(String name, Path jar, Path logDir, List<String> args) {
    this.name = name;
    this.log = logDir.resolve(name + ".log");
    this.command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Small heaps: the suite shares 2 cores and its memory with the control plane.
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar.toString()));
    this.command.addAll(args);
  }

  public synchronized void start() {
    try {
      starts++;
      Files.writeString(log, "---- start " + starts + ": " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
          // A new test run starts a new log; restarts within a run append to it.
          starts == 1 ? java.nio.file.StandardOpenOption.TRUNCATE_EXISTING : java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("TRUSTGATE_LOG_FORMAT", "TEXT");
      process = builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process.pid();
  }

  /**
   * Sends SIGTERM and waits up to {@code grace}; returns how long the process took to leave, or
   * empty if it was still running (it is then killed, as the kubelet would after its grace period).
   */
  public synchronized Optional<Duration> terminate(Duration grace) {
    if (process == null || !process.isAlive()) {
      return Optional.of(Duration.ZERO);
    }
    long start = System.nanoTime();
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
      }
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return Optional.empty();
    }
  }

  /** SIGKILL: the process is gone at once. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The end of the log, for assertion messages. */
  public String logTail() {
    String all = log();
    return all.length() > 4000 ? "…" + all.substring(all.length() - 4000) : all;
  }

  public Path logFile() {
    return log;
  }

  @Override
  public String toString() {
    return name;
  }
}
