package io.trustgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
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
  static SelfSignedCertificate cert;
  static Channel floor;
  static Path body;

  @BeforeAll
  static void startFloor() throws Exception {
    cert = new SelfSignedCertificate("localhost");
    floor = AllowAllServer.start(cert.certificate().toPath(), cert.privateKey().toPath(), 0);
    body = Files.writeString(dir.resolve("review.json"), REVIEW);
  }

  @AfterAll
  static void stopFloor() throws Exception {
    floor.close().sync();
    cert.delete();
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
        "--ca", cert.certificate().getPath(), "--body", body.toString(), "--expect", expect}, 0, all, 0, 8);
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
