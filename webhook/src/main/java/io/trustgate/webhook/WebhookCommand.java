package io.trustgate.webhook;

import io.trustgate.core.policy.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Flags of the webhook process; each also reads an environment variable. */
@Command(
    name = "trustgate-webhook",
    mixinStandardHelpOptions = true,
    versionProvider = WebhookCommand.Version.class,
    description = "The trustgate validating admission webhook (HTTPS, AdmissionReview v1 at /validate).")
public final class WebhookCommand implements Callable<WebhookSettings> {
  @Option(names = "--port", defaultValue = "${env:TRUSTGATE_PORT:-8443}", description = "HTTPS port (default ${DEFAULT-VALUE}; 0 picks a free port)")
  int port;

  @Option(names = "--tls-cert", defaultValue = "${env:TRUSTGATE_TLS_CERT}", description = "PEM certificate chain (e.g. a mounted Secret's tls.crt); reloaded when it changes")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:TRUSTGATE_TLS_KEY}", description = "PEM private key (tls.key); reloaded when it changes")
  Path tlsKey;

  @Option(names = "--tls-reload-interval", defaultValue = "${env:TRUSTGATE_TLS_RELOAD_INTERVAL:-10s}", description = "how often the certificate files are checked for changes (default ${DEFAULT-VALUE})")
  String tlsReloadInterval;

  @Option(names = "--policies", defaultValue = "${env:TRUSTGATE_POLICIES}", description = "local mode: read TrustPolicy YAML from this directory (watched) instead of the cluster")
  Path policies;

  @Option(names = "--kubeconfig", defaultValue = "${env:KUBECONFIG}", description = "kubeconfig for running outside a cluster (default: in-cluster credentials or ~/.kube/config)")
  Path kubeconfig;

  @Option(names = "--trusted-root", defaultValue = "${env:TRUSTGATE_TRUSTED_ROOT}", description = "trusted_root.json used for every policy instead of its trustRoot")
  Path trustedRoot;

  @Option(names = "--mirror-dir", defaultValue = "${env:TRUSTGATE_MIRROR_DIR}", description = "read evidence from this directory first: a URL's path maps to a file under it (as trustgate check --mirror)")
  Path mirrorDir;

  @Option(names = "--mirror-namespace", defaultValue = "${env:TRUSTGATE_MIRROR_NAMESPACE:-trustgate-system}", description = "namespace of mirror ConfigMaps (default ${DEFAULT-VALUE})")
  String mirrorNamespace;

  @Option(names = "--offline", defaultValue = "${env:TRUSTGATE_OFFLINE:-false}", description = "never fetch evidence over the network; use mirror ConfigMaps only")
  boolean offline;

  @Option(names = "--webhook-timeout", defaultValue = "${env:TRUSTGATE_WEBHOOK_TIMEOUT:-10s}", description = "the timeoutSeconds of the webhook registrations (default ${DEFAULT-VALUE}, as in install.yaml); the admission deadline is derived from it")
  String webhookTimeout;

  @Option(names = "--deadline", defaultValue = "${env:TRUSTGATE_DEADLINE}", description = "time budget per admission request (default: --webhook-timeout minus max(2s, 25%), 7.5s for 10s)")
  String deadline;

  @Option(names = "--review-threads", defaultValue = "${env:TRUSTGATE_REVIEW_THREADS:-0}", description = "threads judging reviews (default 0: two per CPU, at least 4)")
  int reviewThreads;

  @Option(names = "--review-queue", defaultValue = "${env:TRUSTGATE_REVIEW_QUEUE:-256}", description = "reviews waiting for a thread before further ones get HTTP 429 (default ${DEFAULT-VALUE})")
  int reviewQueue;

  @Option(names = "--handshake-timeout", defaultValue = "${env:TRUSTGATE_HANDSHAKE_TIMEOUT:-5s}", description = "close connections that have not finished the TLS handshake by then (default ${DEFAULT-VALUE})")
  String handshakeTimeout;

  @Option(names = "--idle-timeout", defaultValue = "${env:TRUSTGATE_IDLE_TIMEOUT:-30s}", description = "close connections that send nothing for this long, mid-request or between requests (default ${DEFAULT-VALUE})")
  String idleTimeout;

  @Option(names = "--max-connections", defaultValue = "${env:TRUSTGATE_MAX_CONNECTIONS:-1024}", description = "open connections served at once; more are closed on accept (default ${DEFAULT-VALUE})")
  int maxConnections;

  @Option(names = "--inline-review-bytes", defaultValue = "${env:TRUSTGATE_INLINE_REVIEW_BYTES:-65536}", description = "AdmissionReviews up to this size with cached evidence are judged on the receiving thread, without a hand-off (default ${DEFAULT-VALUE}; 0: always on the review threads; at most 262144)")
  int inlineReviewBytes;

  @Option(names = "--log-allowed", defaultValue = "${env:TRUSTGATE_LOG_ALLOWED:-false}", description = "log every allowed admission at INFO; by default only denials and escape-hatch admissions are logged (allowed ones at DEBUG)")
  boolean logAllowed;

  @Option(names = "--max-body-bytes", defaultValue = "${env:TRUSTGATE_MAX_BODY_BYTES:-3145728}", description = "largest accepted request body (default ${DEFAULT-VALUE}, the apiserver's own limit)")
  long maxBodyBytes;

  @Option(names = "--max-images", defaultValue = "${env:TRUSTGATE_MAX_IMAGES:-256}", description = "most container images judged in one object; more is denied (default ${DEFAULT-VALUE})")
  int maxImages;

  @Option(names = "--fetch-threads", defaultValue = "${env:TRUSTGATE_FETCH_THREADS:-8}", description = "threads fetching and verifying evidence (default ${DEFAULT-VALUE})")
  int fetchThreads;

  @Override
  public WebhookSettings call() {
    ServingLimits limits = new ServingLimits(
        GoDuration.parseFlag("--webhook-timeout", webhookTimeout),
        reviewThreads == 0 ? ServingLimits.defaultReviewThreads() : reviewThreads,
        reviewQueue,
        GoDuration.parseFlag("--handshake-timeout", handshakeTimeout),
        GoDuration.parseFlag("--idle-timeout", idleTimeout),
        maxConnections,
        inlineReviewBytes);
    Duration budget = deadline == null || deadline.isBlank()
        ? limits.derivedDeadline()
        : GoDuration.parseFlag("--deadline", deadline);
    return new WebhookSettings(
        port,
        tlsCert,
        tlsKey,
        GoDuration.parseFlag("--tls-reload-interval", tlsReloadInterval),
        Optional.ofNullable(policies),
        Optional.ofNullable(kubeconfig),
        Optional.ofNullable(trustedRoot),
        Optional.ofNullable(mirrorDir),
        mirrorNamespace,
        offline,
        budget,
        maxBodyBytes,
        maxImages,
        fetchThreads,
        limits,
        logAllowed);
  }

  /** The version recorded in the jar manifest. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = WebhookCommand.class.getPackage().getImplementationVersion();
      return new String[] {"trustgate-webhook " + (v == null ? "(development build)" : v)};
    }
  }

}
