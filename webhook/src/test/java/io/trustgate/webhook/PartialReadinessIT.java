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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One policy whose revocation list cannot be fetched at start does not hold the whole webhook
 * back: it becomes ready, judges the other policy's images normally, and denies the failing
 * policy's images with a clear reason.
 */
class PartialReadinessIT {
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  @TempDir Path dir;
  ReleaseServer server;
  WebhookHarness webhook;

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static String policy(String name, String base) {
    return """
        apiVersion: trustgate.io/v1alpha1
        kind: TrustPolicy
        metadata: {name: %1$s}
        spec:
          images: [{glob: "registry.example.test/acme/%1$s", variant: dev}]
          arches: [x86_64]
          manifests:
            url: "%2$s/%1$s/v{version}/{variant}-{arch}.json"
            signer:
              issuer: "%3$s"
              identity: "https://github.com/acme/%1$s/.github/workflows/release.yml@refs/tags/v{version}"
          revocations:
            url: "%2$s/%1$s/revocations.json"
            signer:
              issuer: "%3$s"
              identity: "https://github.com/acme/%1$s/.github/workflows/revocations.yml@refs/heads/main"
        """.formatted(name, base, ISSUER);
  }

  JsonNode review(String app, String version) throws Exception {
    JsonNode pod = WebhookHarness.JSON.readTree("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"dev"},
         "spec":{"containers":[{"name":"c","image":"registry.example.test/acme/%s:v%s@sha256:%s"}]}}
        """.formatted(app, version, ReleaseWorld.digest(app + version)));
    return webhook.review(pod).path("response");
  }

  @Test
  void anUnreachableListDeniesOnlyItsOwnPolicysImages() throws Exception {
    FakeSigstore sigstore = FakeSigstore.create(11);
    Path files = Files.createDirectories(dir.resolve("files"));
    ReleaseSigner signer = new ReleaseSigner(sigstore, files);
    for (String app : new String[] {"good", "broken"}) {
      signer.write(app + "/v1.0.0/dev-x86_64.json",
          ReleaseWorld.manifestJson("1.0.0", "dev", "x86_64", null, ReleaseWorld.digest(app + "1.0.0")),
          SignRequest.builder().identity("https://github.com/acme/" + app + "/.github/workflows/release.yml@refs/tags/v1.0.0")
              .issuer(ISSUER).build());
      signer.write(app + "/revocations.json", ReleaseWorld.listJson(1L, null),
          SignRequest.builder().identity("https://github.com/acme/" + app + "/.github/workflows/revocations.yml@refs/heads/main")
              .issuer(ISSUER).build());
    }
    server = new ReleaseServer(files);
    server.fault("/broken/revocations.json", ReleaseServer.Fault.SERVER_ERROR);
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("good.yaml"), policy("good", server.base()));
    Files.writeString(policies.resolve("broken.yaml"), policy("broken", server.base()));

    webhook = new WebhookHarness(dir, policies, Optional.of(sigstore.writeTrustedRoot(dir)), Optional.empty(), false,
        Duration.ofSeconds(8), EscapeHatches.none());
    webhook.awaitReady(Duration.ofSeconds(30));

    HttpResponse<String> readyz = webhook.get("/readyz");
    assertThat(readyz.statusCode()).isEqualTo(200);
    assertThat(readyz.body()).isEqualTo("ready (degraded: 1 problem; details in the webhook log)\n")
        .doesNotContain(server.base()).doesNotContain("broken").doesNotContain("500");
    assertThat(review("good", "1.0.0").path("allowed").asBoolean()).isTrue();
    JsonNode denied = review("broken", "1.0.0");
    assertThat(denied.path("allowed").asBoolean()).isFalse();
    assertThat(denied.at("/status/message").asText())
        .contains("no revocation list loaded yet for policy broken", "500");
  }
}
