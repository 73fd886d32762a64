package io.trustgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generator against the floor server over real TLS sockets: counts and answer checks, no timings. */
class OpenLoopLoadIT {
  private static final String REVIEW = """
      {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
       "request":{"uid":"0b5e3f4a-1","kind":{"group":"apps","version":"v1","kind":"Deployment"},
       "operation":"CREATE","object":{"kind":"Deployment","spec":{"replicas":1}}}}""";

  @TempDir static Path dir;
  static Path cert;
  static Channel floor;
  static Path body;

  @BeforeAll
  static void startFloor() throws Exception {
    cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    selfSignedFor127(cert, key);
    floor = AllowAllServer.start(cert, key, 0);
    body = Files.writeString(dir.resolve("review.json"), REVIEW);
  }

  @AfterAll
  static void stopFloor() throws Exception {
    floor.close().sync();
  }

  /** A P-256 certificate for IP 127.0.0.1 (the generator verifies the server's name), as PEM files. */
  private static void selfSignedFor127(Path certFile, Path keyFile) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic())
        .addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(certFile))) {
      w.writeObject(holder);
    }
    try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(keyFile))) {
      w.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
    }
  }

  @Test
  void sendsEveryScheduledRequestAndMeasuresOnlyThoseAfterTheWarmUp() throws Exception {
    Run run = run("allowed", "--rates", "200,400", "--seconds", "1", "--warmup", "0.5");

    assertThat(run.exitCode).isZero();
    assertThat(run.phases).hasSize(2);
    assertThat(run.phases.get(0).get("measured").asLong()).isEqualTo(200);
    assertThat(run.phases.get(1).get("measured").asLong()).isEqualTo(400);
    for (JsonNode phase : run.phases) {
      assertThat(phase.get("errors").asLong()).isZero();
      assertThat(phase.get("wrongAnswers").asLong()).isZero();
      assertThat(phase.get("unanswered").asLong()).isZero();
      assertThat(phase.get("p50Ms").asDouble()).isPositive().isLessThanOrEqualTo(phase.get("maxMs").asDouble());
      assertThat(phase.get("tls").get("protocol").asText()).startsWith("TLS");
    }
  }

  @Test
  void countsAnswersThatContradictTheExpectedDecisionAndFails() throws Exception {
    Run run = run("denied", "--rates", "100", "--seconds", "0.5", "--warmup", "0");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.phases.get(0).get("wrongAnswers").asLong()).isEqualTo(50);
  }

  private record Run(int exitCode, JsonNode phases) {}

  private static Run run(String expect, String... args) throws Exception {
    int port = ((InetSocketAddress) floor.localAddress()).getPort();
    String[] all = new String[args.length + 8];
    System.arraycopy(new String[] {"--url", "https://127.0.0.1:" + port + "/validate",
        "--ca", cert.toString(), "--body", body.toString(), "--expect", expect}, 0, all, 0, 8);
    System.arraycopy(args, 0, all, 8, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int exit;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new OpenLoopLoad()).execute(all);
    } finally {
      System.setOut(stdout);
    }
    return new Run(exit, new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)));
  }
}
