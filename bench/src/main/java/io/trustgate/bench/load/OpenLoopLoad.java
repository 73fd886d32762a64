package io.trustgate.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An open-loop HTTPS load generator for AdmissionReview servers, free of coordinated omission:
 * request {@code i} is due at {@code start + i / rate} whatever happened to earlier ones, and its
 * latency is measured from that intended send time, so a stalled server (or a late generator)
 * shows in the percentiles instead of silently lowering the offered load. Requests go over a few
 * keep-alive HTTP/1.1 connections, like the apiserver's pool; a request that finds every
 * connection busy waits for one, and that wait counts against its latency.
 *
 * <p>Prints a JSON array, one object per rate: the offered and achieved rate, HdrHistogram percentiles, errors and
 * wrong answers, the generator's own CPU per request, and (given {@code --server-pid}) the
 * server's CPU per request and peak RSS over the measured window.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.trustgate.bench.load.OpenLoopLoad \
 *   --url https://127.0.0.1:PORT/validate --ca tls.crt --body review.json --rates 1000,2000 --seconds 20</pre>
 */
@Command(name = "open-loop-load", mixinStandardHelpOptions = true,
    description = "Open-loop HTTPS POST load at a fixed rate; latency from the intended send time.")
public final class OpenLoopLoad implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "https://host:port/path to POST to")
  URI url;

  @Option(names = "--ca", required = true, description = "PEM certificate the server's chain must lead to")
  Path ca;

  @Option(names = "--body", required = true, description = "file with the request body (an AdmissionReview)")
  Path body;

  @Option(names = "--rates", required = true, split = ",",
      description = "requests per second, offered whatever the answers do; several (500,1000) run one after another")
  List<Double> rates;

  @Option(names = "--seconds", defaultValue = "20", description = "measured duration of each rate (default ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--warmup", defaultValue = "5", description = "seconds of unmeasured load before each rate (default ${DEFAULT-VALUE})")
  double warmup;

  @Option(names = "--first-warmup", defaultValue = "0",
      description = "extra unmeasured seconds before the first rate, for both sides' JIT (default ${DEFAULT-VALUE})")
  double firstWarmup;

  @Option(names = "--connections", defaultValue = "8", description = "keep-alive connections (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--expect", defaultValue = "any", description = "allowed, denied or any: a 200 whose AdmissionReview says otherwise counts as wrong")
  String expect;

  @Option(names = "--server-pid", description = "measure this process's CPU time and peak RSS over the window")
  Long serverPid;

  @Option(names = "--clock-ticks", defaultValue = "100", description = "the kernel's USER_HZ (getconf CLK_TCK) for /proc CPU times")
  long clockTicks;

  @Option(names = "--label", defaultValue = "", description = "copied into the output")
  String label;

  @Option(names = "--histograms", description = "also write each rate's latency distribution (HdrHistogram .hgrm, ms) into this directory")
  Path histogramDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OpenLoopLoad()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (rates.stream().anyMatch(r -> r <= 0) || seconds <= 0 || warmup < 0 || firstWarmup < 0 || connections < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--rates, --seconds and --connections must be positive");
    }
    Boolean allowed = switch (expect) {
      case "allowed" -> Boolean.TRUE;
      case "denied" -> Boolean.FALSE;
      case "any" -> null;
      default -> throw new CommandLine.ParameterException(new CommandLine(this), "--expect: allowed, denied or any");
    };
    ProcessStats self = new ProcessStats(ProcessHandle.current().pid(), clockTicks);
    ProcessStats server = serverPid == null ? null : new ProcessStats(serverPid, clockTicks);
    List<Map<String, Object>> phases = new ArrayList<>();
    boolean clean = true;
    try (LoadClient client = new LoadClient(url, ca, Files.readAllBytes(body), allowed, connections)) {
      for (int i = 0; i < rates.size(); i++) {
        double rate = rates.get(i);
        long warmupCount = Math.round((warmup + (i == 0 ? firstWarmup : 0)) * rate);
        Map<String, Object> phase = phase(client, rate, warmupCount, self, server);
        clean &= phase.get("errors").equals(0L) && phase.get("wrongAnswers").equals(0L) && phase.get("unanswered").equals(0L);
        phases.add(phase);
      }
    }
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(phases));
    return clean ? 0 : 1;
  }

  private Map<String, Object> phase(LoadClient client, double rate, long warmupCount, ProcessStats self,
      ProcessStats server) throws Exception {
    long total = warmupCount + Math.round(seconds * rate);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    client.begin(start, rate, warmupCount);
    Histogram lateness = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    long selfCpu0 = 0;
    long serverCpu0 = 0;
    boolean windowOpen = false;
    long next = 0;
    while (next < total) {
      long due = start + LoadClient.intendedOffset(next, rate);
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      // Every request whose time has come, in one hand-over to the event loop.
      long upTo = next + 1;
      while (upTo < total && start + LoadClient.intendedOffset(upTo, rate) <= now) {
        upTo++;
      }
      if (!windowOpen && upTo > warmupCount) { // the first measured request is about to go
        selfCpu0 = self.cpuNanos();
        serverCpu0 = server == null ? 0 : server.cpuNanos();
        windowOpen = true;
      }
      if (next >= warmupCount) {
        lateness.recordValue(Math.min(now - due, lateness.getHighestTrackableValue()));
      }
      client.due(upTo);
      next = upTo;
    }
    boolean finished = client.awaitAnswers(TimeUnit.SECONDS.toNanos(15));
    long selfCpu = self.cpuNanos() - selfCpu0;
    long serverCpu = server == null ? 0 : server.cpuNanos() - serverCpu0;
    LoadClient.Result r = client.result();
    long measured = r.measured();

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("label", label);
    out.put("offeredRate", rate);
    out.put("seconds", seconds);
    out.put("connections", connections);
    out.put("measured", measured);
    out.put("achievedRate", Math.round(measured / seconds));
    out.put("errors", r.errors());
    out.put("wrongAnswers", r.wrong());
    out.put("unanswered", finished ? 0L : total - r.answered());
    Histogram h = r.latency();
    out.put("p50Ms", ms(h.getValueAtPercentile(50)));
    out.put("p90Ms", ms(h.getValueAtPercentile(90)));
    out.put("p99Ms", ms(h.getValueAtPercentile(99)));
    out.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
    out.put("maxMs", ms(h.getMaxValue()));
    out.put("generatorCpuUsPerRequest", perRequestMicros(selfCpu, measured));
    out.put("senderLatenessP99Ms", ms(lateness.getValueAtPercentile(99)));
    if (server != null) {
      out.put("serverCpuUsPerRequest", perRequestMicros(serverCpu, measured));
      out.put("serverPeakRssMiB", server.peakRssBytes() / (1024 * 1024));
    }
    out.put("tls", r.tls());
    if (histogramDir != null) {
      Files.createDirectories(histogramDir);
      Path file = histogramDir.resolve((label.isEmpty() ? "load" : label) + "-" + Math.round(rate) + ".hgrm");
      try (PrintStream ps = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
        h.outputPercentileDistribution(ps, 1_000_000.0);
      }
    }
    return out;
  }

  private static Double perRequestMicros(long nanos, long requests) {
    return requests == 0 ? null : Math.round(nanos / 1000.0 / requests * 10) / 10.0;
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 1000.0) / 1000.0;
  }
}
