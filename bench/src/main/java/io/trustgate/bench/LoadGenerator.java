package io.trustgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A closed-loop HTTPS load generator for the webhook: N workers, each on its own keep-alive
 * connection, POST the same AdmissionReview for a fixed time. Prints throughput, latency
 * percentiles, errors and (given a PID) the server's resident memory.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.trustgate.bench.LoadGenerator URL BODY.json SECONDS WORKERS [PID] [RATE]</pre>
 *
 * <p>With RATE (requests/s in total) the workers pace themselves on a fixed schedule and latency
 * is measured from the scheduled send time, so a stalled server shows up in the percentiles
 * instead of silently lowering the load.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: LoadGenerator URL BODY.json SECONDS WORKERS [SERVER_PID|-] [RATE]");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
    int workers = Integer.parseInt(args[3]);
    String pid = args.length > 4 && !args[4].equals("-") ? args[4] : null;
    double rate = args.length > 5 ? Double.parseDouble(args[5]) : 0;
    long intervalNanos = rate > 0 ? (long) (workers * 1e9 / rate) : 0;

    long[][] latencies = new long[workers][];
    int[] counts = new int[workers];
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(workers);
    // With a fixed rate, the first seconds (this JVM's JIT, TLS handshakes) are not measured.
    long warmup = rate > 0 ? Duration.ofSeconds(5).toNanos() : 0;
    long measureFrom = System.nanoTime() + warmup;
    long end = measureFrom + duration.toNanos();
    long peakRss = 0;
    long start = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int id = w;
      latencies[w] = new long[4_000_000 / workers];
      Thread t = new Thread(() -> {
        try {
          // One client per worker: its own keep-alive connection, like the apiserver's pool.
          HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .sslContext(trustAll()).connectTimeout(Duration.ofSeconds(5)).build();
          HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
          long next = System.nanoTime() + (intervalNanos == 0 ? 0 : (long) (Math.random() * intervalNanos));
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            if (intervalNanos > 0) {
              while ((t0 = System.nanoTime()) < next) {
                java.util.concurrent.locks.LockSupport.parkNanos(next - t0);
              }
              t0 = next; // from the scheduled time: no coordinated omission
              next += intervalNanos;
            }
            try {
              HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
              if (r.statusCode() != 200) {
                errors.incrementAndGet();
              }
            } catch (Exception e) {
              errors.incrementAndGet();
            }
            if (t0 >= measureFrom && counts[id] < latencies[id].length) {
              latencies[id][counts[id]++] = System.nanoTime() - t0;
            }
          }
        } finally {
          done.countDown();
        }
      });
      t.start();
    }
    while (!done.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (pid != null) {
        peakRss = Math.max(peakRss, rssKb(pid));
      }
    }
    double seconds = (System.nanoTime() - start - warmup) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int w = 0; w < workers; w++) {
      System.arraycopy(latencies[w], 0, all, k, counts[w]);
      k += counts[w];
    }
    Arrays.sort(all);
    System.out.printf("requests %d in %.1f s: %.0f req/s, errors %d, workers %d%n", total, seconds, total / seconds,
        errors.get(), workers);
    System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", pct(all, 50), pct(all, 90),
        pct(all, 99), pct(all, 99.9), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    if (pid != null) {
      System.out.printf("server peak RSS %.0f MB%n", peakRss / 1024.0);
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
    return sorted[Math.max(i, 0)] / 1e6;
  }

  private static long rssKb(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return 0;
    }
    return 0;
  }

  /** The load generator talks to a local test server with a throwaway certificate. */
  private static SSLContext trustAll() {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new X509TrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return ssl;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
