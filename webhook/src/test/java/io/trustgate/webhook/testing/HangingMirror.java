package io.trustgate.webhook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.core.testing.ReleaseWorld;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.ReleaseSigner;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A release server whose revocation list is signed and served, but where every manifest request
 * hangs: a webhook judging a governed image must answer with TIMEOUT by its deadline.
 */
public final class HangingMirror implements AutoCloseable {
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;

  public final ReleaseServer server;
  public final Path policies;
  public final Path trustedRoot;

  public HangingMirror(Path dir) throws Exception {
    FakeSigstore sigstore = FakeSigstore.create(7);
    Path files = Files.createDirectories(dir.resolve("files"));
    new ReleaseSigner(sigstore, files).write("rel/revocations.json", ReleaseWorld.listJson(1L, null),
        SignRequest.builder().identity("https://github.com/acme/app/.github/workflows/revocations.yml@refs/heads/main")
            .issuer(ISSUER).build());
    trustedRoot = sigstore.writeTrustedRoot(dir);
    server = new ReleaseServer(files);
    server.faultUnder("/rel/v", ReleaseServer.Fault.HANG);
    policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("app.yaml"), """
        apiVersion: trustgate.io/v1alpha1
        kind: TrustPolicy
        metadata: {name: app}
        spec:
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
        """.formatted(server.base(), ISSUER, server.base(), ISSUER));
  }

  /** A Pod running release {@code version} of the governed image, pinned by digest. */
  public static JsonNode pod(String version) throws Exception {
    return WebhookHarness.JSON.readTree("""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app", "namespace": "prod"},
         "spec": {"containers": [{"name": "app", "image": "registry.example.test/acme/app:v%s@sha256:%s"}]}}
        """.formatted(version, ReleaseWorld.digest(version)));
  }

  @Override
  public void close() {
    server.close();
  }
}
