package io.trustgate.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.trustgate.core.decision.EscapeHatches;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import picocli.CommandLine;

/**
 * The training run for the webhook jar's class-data sharing archive (docs/install.md, "Start-up
 * time"): the build runs {@code java -XX:ArchiveClassesAtExit=target/trustgate-webhook.jsa -cp
 * target/trustgate-webhook.jar io.trustgate.webhook.CdsTraining ../examples}, which starts the
 * webhook on the example policy, trust root and mirror (local mode, a throwaway TLS key, a free
 * port), waits for {@code /readyz}, sends one AdmissionReview, stops it and exits. The JVM then
 * writes every class the run loaded into the archive, and {@code java
 * -XX:SharedArchiveFile=target/trustgate-webhook.jsa -jar target/trustgate-webhook.jar ...} maps
 * them instead of loading, parsing and verifying them again.
 *
 * <p>Exits 0 on success; 1 (with the reason on stderr) if the webhook did not become ready or did
 * not answer, so a broken training run fails the build instead of leaving a useless archive.
 */
public final class CdsTraining {
  private static final Duration READY_WITHIN = Duration.ofMinutes(3);

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: CdsTraining EXAMPLES_DIR (holding policy.yaml, trusted_root.json and mirror/)");
      System.exit(2);
    }
    Path examples = Path.of(args[0]);
    Path work = Files.createTempDirectory("trustgate-cds-training");
    int status;
    try {
      status = train(examples, work);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(status);
  }

  private static int train(Path examples, Path work) throws Exception {
    Path policies = Files.createDirectory(work.resolve("policies"));
    Files.copy(examples.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    Path cert = work.resolve("tls.crt");
    X509Certificate serving = writeSelfSigned(cert, work.resolve("tls.key"));
    CommandLine cli = new CommandLine(new WebhookCommand());
    cli.parseArgs("--port", "0", "--policies", policies.toString(),
        "--trusted-root", examples.resolve("trusted_root.json").toString(),
        "--mirror-dir", examples.resolve("mirror").toString(), "--offline",
        "--tls-cert", cert.toString(), "--tls-key", work.resolve("tls.key").toString());
    WebhookSettings settings = ((WebhookCommand) cli.getCommand()).call();
    ApplicationContext context = WebhookServer.start(settings, EscapeHatches.none());
    try {
      URI base = URI.create("https://127.0.0.1:" + WebhookServer.port(context));
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(serving)).build();
      Instant giveUp = Instant.now().plus(READY_WITHIN);
      while (client.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
        if (Instant.now().isAfter(giveUp)) {
          System.err.println("CDS training: the webhook was not ready within " + READY_WITHIN);
          return 1;
        }
        Thread.sleep(50);
      }
      HttpResponse<String> review = client.send(HttpRequest.newBuilder(base.resolve("/validate"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(review()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (review.statusCode() != 200 || !review.body().contains("\"allowed\"")) {
        System.err.println("CDS training: /validate answered " + review.statusCode() + ": " + review.body());
        return 1;
      }
      return 0;
    } finally {
      WebhookServer.shutdown(context);
    }
  }

  /** A Pod governed by the example policy: its manifest is read from the mirror and verified. */
  private static String review() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode review = json.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "00000000-0000-0000-0000-000000000001").put("operation", "CREATE")
        .put("namespace", "default").put("name", "cds-training");
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.putObject("userInfo").put("username", "cds-training");
    ObjectNode pod = request.putObject("object");
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", "cds-training").put("namespace", "default");
    pod.putObject("spec").putArray("containers").addObject().put("name", "dev")
        .put("image", "ghcr.io/acme-labs/forge-dev:0.14.1@sha256:" + "0".repeat(64));
    return json.writeValueAsString(review);
  }

  private static X509Certificate writeSelfSigned(Path certFile, Path keyFile) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=trustgate CDS training");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    Files.writeString(certFile, pem(cert));
    Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
    return cert;
  }

  private static SSLContext trusting(X509Certificate cert) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("serving", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }
}
