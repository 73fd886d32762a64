package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.core.decision.EscapeHatches;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.ReleaseSigner;
import io.trustgate.core.testing.sigstore.SignRequest;
import io.trustgate.webhook.testing.ReleaseServer;
import io.trustgate.webhook.testing.WebhookHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook's cold path: evidence fetched over HTTP from a loopback server that misbehaves. */
class ReleaseServerIT {
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  @TempDir Path dir;
  ReleaseServer server;
  WebhookHarness webhook;

  /** Signs releases 1.0.0 .. 1.0.6 (x86_64 only) and a revocation list; starts server and webhook. */
  void start(String mode, Duration deadline, EscapeHatches hatches, String extraSpec) throws Exception {
    FakeSigstore sigstore = FakeSigstore.create(99);
    Path files = Files.createDirectories(dir.resolve("files"));
    ReleaseSigner signer = new ReleaseSigner(sigstore, files);
    for (int i = 0; i <= 6; i++) {
      String v = "1.0." + i;
      signer.write("rel/v" + v + "/dev-x86_64.json",
          ReleaseWorld.manifestJson(v, "dev", "x86_64", null, ReleaseWorld.digest(v)),
          SignRequest.builder().identity("https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v" + v)
              .issuer(ISSUER).build());
    }
    signer.write("rel/revocations.json", ReleaseWorld.listJson(1L, null, "1.0.6 dev x86_64 broken build; upgrade to 1.0.7"),
        SignRequest.builder().identity("https://github.com/acme/app/.github/workflows/revocations.yml@refs/heads/main")
            .issuer(ISSUER).build());
    Path root = sigstore.writeTrustedRoot(dir);
    server = new ReleaseServer(files);
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("app.yaml"), """
        apiVersion: trustgate.io/v1alpha1
        kind: TrustPolicy
        metadata: {name: app}
        spec:
          mode: %s
          images: [{glob: "registry.example.test/acme/app", variant: dev}]
          arches: [x86_64]
          manifests:
            url: "%s/rel/v{version}/{variant}-{arch}.json"
            signer:
              issuer: "%s"
              identity: "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v{version}"
          revocations:
            url: "%s/rel/revocations.json"
            signer:
              issuer: "%s"
              identity: "https://github.com/acme/app/.github/workflows/revocations.yml@refs/heads/main"
        %s""".formatted(mode, server.base(), ISSUER, server.base(), ISSUER, extraSpec));
    webhook = new WebhookHarness(dir, policies, Optional.of(root), Optional.empty(), false, deadline, hatches);
    webhook.awaitReady(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
    if (server != null) {
      server.close();
    }
  }

  JsonNode review(String version) throws Exception {
    JsonNode pod = WebhookHarness.JSON.readTree("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app","namespace":"dev"},
         "spec":{"containers":[{"name":"app","image":"registry.example.test/acme/app:v%s@sha256:%s"}]}}
        """.formatted(version, ReleaseWorld.digest(version)));
    return webhook.review(pod).path("response");
  }

  String path(String version) {
    return "/rel/v" + version + "/dev-x86_64.json";
  }

  @Test
  void fetchesVerifiesAndThenServesFromCache() throws Exception {
    start("Enforce", Duration.ofSeconds(8), EscapeHatches.none(), "");
    assertThat(review("1.0.0").path("allowed").asBoolean()).isTrue();
    int after = server.requests();
    for (int i = 0; i < 10; i++) {
      assertThat(review("1.0.0").path("allowed").asBoolean()).isTrue();
    }
    assertThat(server.requests()).isEqualTo(after);
  }

  @Test
  void upstreamFaultsBecomeDenialsWithReasons() throws Exception {
    start("Enforce", Duration.ofSeconds(2), EscapeHatches.none(), "");
    server.fault(path("1.0.1"), ReleaseServer.Fault.NOT_FOUND);
    server.fault(path("1.0.2"), ReleaseServer.Fault.SERVER_ERROR);
    server.fault(path("1.0.3"), ReleaseServer.Fault.TRUNCATED);
    server.fault(path("1.0.4"), ReleaseServer.Fault.SLOW);
    server.fault(path("1.0.5"), ReleaseServer.Fault.REDIRECT_TO_HTTPS);
    assertThat(review("1.0.1").at("/status/message").asText()).contains("release manifest not found at");
    assertThat(review("1.0.2").at("/status/message").asText()).contains("500");
    assertThat(review("1.0.3").path("allowed").asBoolean()).isFalse();
    long start = System.nanoTime();
    JsonNode slow = review("1.0.4");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(slow.at("/status/message").asText()).contains("before the admission deadline");
    assertThat(review("1.0.5").at("/status/message").asText()).containsIgnoringCase("redirect");
  }

  @Test
  void contentTypeAndSameSchemeRedirectsDoNotMatter() throws Exception {
    start("Enforce", Duration.ofSeconds(8), EscapeHatches.none(), "");
    server.fault(path("1.0.1"), ReleaseServer.Fault.HTML_CONTENT_TYPE);
    server.fault(path("1.0.2"), ReleaseServer.Fault.REDIRECT_SAME_SCHEME);
    assertThat(review("1.0.1").path("allowed").asBoolean()).isTrue();
    assertThat(review("1.0.2").path("allowed").asBoolean()).isTrue();
  }

  @Test
  void recalledReleaseIsDeniedAndWarnModeTurnsItIntoAWarning() throws Exception {
    start("Warn", Duration.ofSeconds(8), EscapeHatches.none(), "");
    JsonNode response = review("1.0.6");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings").toString()).contains("recalled by policy app: broken build; upgrade to 1.0.7");
  }

  @Test
  void environmentEscapeHatchAdmitsWithAWarning() throws Exception {
    start("Enforce", Duration.ofSeconds(8), new EscapeHatches(false, true), "");
    JsonNode pod = WebhookHarness.JSON.readTree("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app","namespace":"dev"},
         "spec":{"containers":[{"name":"app","image":"registry.example.test/acme/app:v1.0.0@sha256:%s"}]}}
        """.formatted(ReleaseWorld.digest("a local rebuild")));
    JsonNode response = webhook.review(pod).path("response");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings").toString()).contains("TRUSTGATE_SKIP_HASH_VERIFY=1");
  }
}
