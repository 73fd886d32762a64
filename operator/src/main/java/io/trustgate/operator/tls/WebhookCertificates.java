package io.trustgate.operator.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the webhook's TLS: a CA and a serving certificate in a {@code kubernetes.io/tls} Secret,
 * and the CA bundle of the ValidatingWebhookConfiguration. {@link #reconcile()} is idempotent and
 * writes only what differs; the leader calls it again after {@link #nextCheck()}.
 *
 * <p>Rotation without outage: a new CA joins the bundle before anything it signed is served (the
 * configuration is patched before the Secret is written), and a retired CA stays in the bundle
 * until it expires, so a webhook replica still serving the previous certificate stays trusted.
 */
public final class WebhookCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookCertificates.class);
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  /** Checks at least this often, so a configuration re-created without caBundle heals soon. */
  static final Duration MAX_CHECK_INTERVAL = Duration.ofMinutes(5);
  private static final Duration MIN_CHECK_INTERVAL = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final WebhookTlsSettings settings;
  private final Clock clock;
  private final ServingNames names;
  private final WebhookRegistration registration;
  private final CertificateIssuer issuer = new CertificateIssuer();
  private volatile Duration nextCheck = Duration.ZERO;

  public WebhookCertificates(KubernetesClient client, WebhookTlsSettings settings, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = validate(settings);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.names = ServingNames.of(settings);
    this.registration = new WebhookRegistration(client, settings.webhookConfigurationName(), settings.url());
  }

  private static WebhookTlsSettings validate(WebhookTlsSettings s) {
    Objects.requireNonNull(s, "settings");
    if (s.certificateValidity().compareTo(s.renewBefore()) <= 0 || s.renewBefore().isNegative()) {
      throw new IllegalArgumentException("certificate validity (" + s.certificateValidity()
          + ") must be longer than renew-before (" + s.renewBefore() + "), which must not be negative");
    }
    if (s.certificateValidity().compareTo(CA_VALIDITY.dividedBy(4)) > 0) {
      throw new IllegalArgumentException("certificate validity must be at most " + CA_VALIDITY.dividedBy(4).toDays()
          + " days (a quarter of the CA's)");
    }
    s.url().ifPresent(u -> {
      ServingNames.host(u);
      String path = URI.create(u).getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) {
        throw new IllegalArgumentException("webhook url must be a base URL without a path (each webhook keeps its"
            + " own path, /validate and /validate-trustpolicy), got " + u);
      }
    });
    return s;
  }

  /** Makes the Secret, the webhook configuration and the certificate directory agree. */
  public void reconcile() {
    Instant now = clock.instant();
    Resource<Secret> resource = client.secrets().inNamespace(settings.namespace()).withName(settings.secretName());
    Secret secret = resource.get();
    Optional<TlsMaterial> stored = secret == null ? Optional.empty() : TlsMaterial.read(secret.getData());
    TlsMaterial desired = desired(stored, now);
    // Trust before serve: the bundle must hold a new CA before a certificate it signed is served.
    registration.sync(desired.caBundlePem());
    if (stored.isEmpty() || stored.get() != desired) {
      write(secret, desired);
    }
    settings.certificateDir().ifPresent(dir -> {
      if (settings.url().isPresent()) {
        writeFiles(dir, desired);
      }
    });
    nextCheck = untilNextChange(desired, now);
  }

  /** How long until the next reconcile is due: the next renewal or CA retirement, capped. */
  public Duration nextCheck() {
    return nextCheck;
  }

  /** The stored material when it is still good, else what replaces it (the same instance means "keep"). */
  private TlsMaterial desired(Optional<TlsMaterial> stored, Instant now) {
    if (stored.isPresent() && !caDue(stored.get().ca().certificate(), now)) {
      TlsMaterial s = stored.get();
      List<X509Certificate> trusted = new ArrayList<>();
      trusted.add(s.ca().certificate());
      trusted.addAll(s.retiredStillValid(now));
      boolean bundleKept = trusted.equals(s.trusted());
      if (bundleKept && servingGood(s, now)) {
        return s;
      }
      LOG.info(bundleKept ? "issuing a new webhook serving certificate" : "dropping expired CAs from the bundle");
      CertificateIssuer.Issued serving = servingGood(s, now) ? s.serving() : issueServing(s.ca(), now);
      return new TlsMaterial(s.ca(), trusted, serving);
    }
    CertificateIssuer.Issued ca = issuer.certificateAuthority(now, CA_VALIDITY);
    List<X509Certificate> trusted = new ArrayList<>();
    trusted.add(ca.certificate());
    stored.ifPresent(s -> {
      trusted.addAll(s.retiredStillValid(now));
      if (s.ca().certificate().getNotAfter().toInstant().isAfter(now)) {
        trusted.add(s.ca().certificate()); // retired, trusted until it expires
      }
      LOG.info("rotating the webhook CA (expires {}); the old one stays trusted until then",
          s.ca().certificate().getNotAfter().toInstant());
    });
    return new TlsMaterial(ca, trusted, issueServing(ca, now));
  }

  private CertificateIssuer.Issued issueServing(CertificateIssuer.Issued ca, Instant now) {
    return issuer.serving(ca, names, now, settings.certificateValidity());
  }

  /** A CA is replaced once a full-length serving certificate would outlive its renewal point. */
  private boolean caDue(X509Certificate ca, Instant now) {
    Instant renewAt = ca.getNotAfter().toInstant().minus(settings.certificateValidity()).minus(settings.renewBefore());
    return !now.isBefore(renewAt) || ca.getBasicConstraints() < 0;
  }

  private boolean servingGood(TlsMaterial m, Instant now) {
    X509Certificate leaf = m.serving().certificate();
    Instant renewAt = leaf.getNotAfter().toInstant().minus(settings.renewBefore());
    return now.isBefore(renewAt)
        && !now.isBefore(leaf.getNotBefore().toInstant())
        && m.servingSignedByCa()
        && names.equals(sans(leaf));
  }

  private Duration untilNextChange(TlsMaterial m, Instant now) {
    List<Instant> due = new ArrayList<>();
    due.add(m.serving().certificate().getNotAfter().toInstant().minus(settings.renewBefore()));
    due.add(m.ca().certificate().getNotAfter().toInstant().minus(settings.certificateValidity())
        .minus(settings.renewBefore()));
    m.retiredStillValid(now).forEach(c -> due.add(c.getNotAfter().toInstant()));
    Duration wait = Duration.between(now, due.stream().min(Instant::compareTo).get());
    if (wait.compareTo(MIN_CHECK_INTERVAL) < 0) {
      return MIN_CHECK_INTERVAL;
    }
    return wait.compareTo(MAX_CHECK_INTERVAL) > 0 ? MAX_CHECK_INTERVAL : wait;
  }

  private void write(Secret existing, TlsMaterial material) {
    Map<String, String> data = material.toData();
    if (existing == null) {
      client.resource(new SecretBuilder()
          .withNewMetadata()
          .withName(settings.secretName())
          .withNamespace(settings.namespace())
          .addToLabels("app.kubernetes.io/part-of", "trustgate")
          .addToLabels("app.kubernetes.io/managed-by", "trustgate-operator")
          .endMetadata()
          .withType("kubernetes.io/tls")
          .withData(data)
          .build()).create();
      LOG.info("created Secret {}/{} with a new CA and serving certificate", settings.namespace(), settings.secretName());
      return;
    }
    // Keeps the read resourceVersion: a concurrent writer makes this fail rather than be overwritten.
    Secret updated = new SecretBuilder(existing).withData(data).build();
    client.resource(updated).update();
    LOG.info("updated Secret {}/{}", settings.namespace(), settings.secretName());
  }

  /** tls.crt and tls.key for a webhook running outside the cluster; each replaced atomically. */
  private static void writeFiles(Path dir, TlsMaterial material) {
    try {
      Files.createDirectories(dir);
      writeIfChanged(dir.resolve("tls.key"), material.servingKeyPem());
      writeIfChanged(dir.resolve("tls.crt"), material.servingChainPem());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the webhook certificate to " + dir, e);
    }
  }

  private static void writeIfChanged(Path target, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
      return;
    }
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static ServingNames sans(X509Certificate leaf) {
    Set<String> dns = new HashSet<>();
    Set<String> ips = new HashSet<>();
    try {
      Collection<List<?>> all = leaf.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> san : all) {
          int type = (Integer) san.get(0);
          if (type == 2) {
            dns.add((String) san.get(1));
          } else if (type == 7) {
            ips.add(normalizeIp((String) san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return new ServingNames(Set.of(), Set.of());
    }
    return new ServingNames(dns, ips);
  }

  static String normalizeIp(String literal) {
    try {
      return InetAddress.getByName(literal).getHostAddress(); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return literal;
    }
  }
}
