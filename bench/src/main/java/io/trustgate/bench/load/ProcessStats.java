package io.trustgate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a Linux process, from {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status}: what the kernel charged the process, whichever threads or collectors spent it.
 */
public final class ProcessStats {
  private final Path stat;
  private final Path status;
  private final long nanosPerTick;

  public ProcessStats(long pid, long clockTicksPerSecond) {
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
    this.status = Path.of("/proc", Long.toString(pid), "status");
    this.nanosPerTick = 1_000_000_000L / clockTicksPerSecond;
  }

  /** User plus system CPU time so far, in nanoseconds (clock-tick resolution). */
  public long cpuNanos() {
    String line = read(stat);
    // Fields after the command name, which is in parentheses and may contain spaces:
    // state(3) ... utime(14) stime(15).
    String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * nanosPerTick;
  }

  /** Peak resident set size (VmHWM) in bytes, or -1 when the kernel does not report it. */
  public long peakRssBytes() {
    return kib("VmHWM:");
  }

  /** Current resident set size (VmRSS) in bytes, or -1. */
  public long rssBytes() {
    return kib("VmRSS:");
  }

  private long kib(String key) {
    for (String line : read(status).split("\n")) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).replace("kB", "").trim()) * 1024;
      }
    }
    return -1;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + " (has the process exited?)", e);
    }
  }
}
