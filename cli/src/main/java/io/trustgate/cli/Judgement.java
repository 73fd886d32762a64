package io.trustgate.cli;

import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.revocation.RevocationFloor;
import io.trustgate.core.runtime.PolicyRuntime;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.Workload;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The judging half of {@code check} and {@code audit}: given workloads, compiled policies and where
 * evidence comes from, builds the webhook's decision engine, refreshes the revocation lists (with
 * rollback floors), judges every workload, prints the report and returns the exit code. The
 * commands differ only in where workloads, policies and evidence come from.
 */
final class Judgement {
  /** Where the inputs came from, for the progress lines and the state file. */
  record Inputs(List<ImageExtraction> workloads, List<CompiledPolicy> policies, Map<String, RevocationFloor> floors,
      VerifierProvider verifiers, EvidenceSource evidence, boolean offline, Duration budget, String timeout) {}

  private final Clock clock;
  private final Map<String, String> environment;
  private final boolean interactive;

  Judgement(Clock clock, Map<String, String> environment, boolean interactive) {
    this.clock = clock;
    this.environment = environment;
    this.interactive = interactive;
  }

  int run(Inputs in, RevocationStateOption revocationState, CheckCommand.Format output, PrintWriter out,
      PrintWriter err) {
    Map<String, RevocationFloor> floors = in.floors();
    EscapeHatches hatches = EscapeHatches.fromEnvironment(environment);
    if (hatches.any()) {
      err.println("warning: escape hatch active from the environment: "
          + (hatches.skipCosignVerify() ? EscapeHatches.SKIP_COSIGN_ENV + "=1 " : "")
          + (hatches.skipHashVerify() ? EscapeHatches.SKIP_HASH_ENV + "=1" : ""));
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads("trustgate-fetch"));
    ExecutorService deciders = Executors.newFixedThreadPool(
        Math.max(1, Math.min(in.workloads().size(), Runtime.getRuntime().availableProcessors())),
        daemonThreads("trustgate-check"));
    try {
      PolicyRuntime runtime = PolicyRuntime.create(in.policies(), in.evidence(),
          PolicyRuntime.manifestCache(in.evidence(), executor, clock), in.verifiers(), hatches, clock, Map.of());
      runtime.holders().values().forEach(h -> {
        RevocationFloor floor = floors.get(h.rule().url());
        if (floor != null) {
          h.raiseFloor(floor);
        }
      });
      if (!in.offline()) {
        List<String> lists = in.policies().stream().flatMap(p -> p.revocations().stream()).map(r -> r.url())
            .distinct().toList();
        if (!lists.isEmpty()) {
          waitingFor(err, "revocation list(s) " + String.join(", ", lists));
        }
      }
      runtime.refreshAllNow();
      runtime.holders().values().forEach(h -> {
        if (h.state().lastError() != null) {
          err.println((h.state().rolledBack() ? "error" : "warning") + ": policy " + h.policy() + ": "
              + h.state().lastError());
        }
        h.floorToPersist().ifPresent(f -> floors.put(f.url(), f));
      });
      if (revocationState.save(floors)) {
        err.println("revocation state written to " + revocationState.file);
      }
      if (!in.offline()) {
        waitingFor(err, "release manifests over the network (at most " + in.timeout() + " per object)");
      }
      // Objects are judged independently, as the webhook judges concurrent reviews; the report
      // keeps the input's order.
      List<CompletableFuture<CheckReport.Entry>> judged = new ArrayList<>();
      for (ImageExtraction x : in.workloads()) {
        judged.add(CompletableFuture.supplyAsync(() -> new CheckReport.Entry(workloadOf(x),
            runtime.engine().decide(x, clock.instant().plus(in.budget()))), deciders));
      }
      List<CheckReport.Entry> entries = new ArrayList<>();
      for (CompletableFuture<CheckReport.Entry> j : judged) {
        entries.add(joined(j));
      }
      CheckReport report = new CheckReport(entries);
      switch (output) {
        case json -> report.printJson(out);
        case junit -> JunitReport.print(report, out);
        default -> report.printText(out);
      }
      return switch (report.outcome()) {
        case ALLOWED -> Main.OK;
        case DENIED -> Main.REJECTED;
        case UNDECIDED -> Main.UNDECIDED;
      };
    } finally {
      deciders.shutdownNow();
      executor.shutdownNow();
    }
  }

  /** The result of work done on another thread, with its exception as if thrown here. */
  static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** The --timeout value of check and audit, as a deadline per workload; a bad one is an input error. */
  static Duration budget(String timeout) {
    try {
      return io.trustgate.core.policy.GoDuration.parseFlag("--timeout", timeout);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  void waitingFor(PrintWriter err, String what) {
    if (interactive) {
      err.println("waiting for " + what + " ...");
      err.flush();
    }
  }

  private static Workload workloadOf(ImageExtraction x) {
    if (x instanceof ImageExtraction.Extracted e) {
      return e.workload();
    }
    ImageExtraction.TooManyImages t = (ImageExtraction.TooManyImages) x;
    return new Workload("", t.kind(), t.namespace(), t.name(), List.of());
  }

  static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
