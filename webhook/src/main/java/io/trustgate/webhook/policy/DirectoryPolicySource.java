package io.trustgate.webhook.policy;

import io.trustgate.core.policy.PolicyDocument;
import io.trustgate.core.policy.PolicyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TrustPolicies from YAML files ({@code --policies DIR}, or one file), read with core's
 * {@link PolicyFiles} and re-read when their content changes.
 *
 * <p>Changes are found by polling a fingerprint of the files' names and contents rather than
 * with a WatchService: a mounted ConfigMap is updated by swapping a symlinked directory, which
 * file events report unreliably, and a few small files are cheap to hash every few seconds.
 * When a file cannot be read the previous set stays in force, so a half-written edit never
 * removes policies.
 */
public final class DirectoryPolicySource implements PolicySource {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryPolicySource.class);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  private final Path path;
  private final Duration pollInterval;
  private final ScheduledExecutorService poller;
  private Listener listener;
  private String lastFingerprint;
  private volatile boolean synced;

  public DirectoryPolicySource(Path path) {
    this(path, DEFAULT_POLL_INTERVAL);
  }

  public DirectoryPolicySource(Path path, Duration pollInterval) {
    this.path = Objects.requireNonNull(path, "path");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
    }
    this.pollInterval = pollInterval;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "trustgate-policy-files");
      t.setDaemon(true);
      return t;
    });
  }

  /** Reads the policies once in the calling thread, then watches for changes. */
  @Override
  public void start(Listener listener) {
    synchronized (this) {
      if (this.listener != null) {
        throw new IllegalStateException("already started");
      }
      this.listener = Objects.requireNonNull(listener, "listener");
    }
    poll();
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean synced() {
    return synced;
  }

  @Override
  public String describe() {
    return "policy files " + path;
  }

  /** Re-reads when the fingerprint changed; never throws (it runs on a scheduler). */
  synchronized void poll() {
    try {
      String fingerprint = fingerprint();
      if (fingerprint.equals(lastFingerprint)) {
        return;
      }
      lastFingerprint = fingerprint;
      List<PolicyDocument> policies;
      try {
        policies = PolicyFiles.read(path);
      } catch (PolicyFiles.PolicyFileException e) {
        LOG.warn("{} not (re)loaded, {}: {}", describe(),
            synced ? "keeping the previous policies" : "no policies in force yet", e.getMessage());
        return;
      }
      LOG.info("{} read: {} TrustPolic{}", describe(), policies.size(), policies.size() == 1 ? "y" : "ies");
      listener.onPolicies(policies);
      synced = true;
    } catch (RuntimeException e) {
      LOG.error("{}: reading policies failed unexpectedly", describe(), e);
    }
  }

  /** sha256 over every candidate file's name and bytes; read errors become part of it. */
  private String fingerprint() {
    MessageDigest sha = sha256();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.filter(DirectoryPolicySource::isPolicyFile).sorted().toList()) {
          add(sha, f);
        }
      } catch (IOException e) {
        sha.update(("unlistable " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
      }
    } else {
      add(sha, path);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void add(MessageDigest sha, Path file) {
    sha.update((file.getFileName() + "\0").getBytes(StandardCharsets.UTF_8));
    try {
      sha.update(sha256().digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      sha.update(("unreadable " + e).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The files PolicyFiles reads from a directory. */
  private static boolean isPolicyFile(Path p) {
    String n = p.getFileName().toString();
    return !n.startsWith(".") && Files.isRegularFile(p)
        && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
