package io.trustgate.cli.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustgate.core.testing.sigstore.FakeSigstore;
import io.trustgate.core.testing.sigstore.ReleaseSigner;
import io.trustgate.core.testing.sigstore.SignRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code examples/}: a release mirror of a fictional project (acme-labs/forge) signed by
 * a private test Sigstore, its trusted root, a TrustPolicy and workloads that are allowed,
 * recalled, tampered and unpinned. Regenerate with the command in examples/README.md.
 */
public final class GenerateExamples {
  static final String ISSUER = SignRequest.GITHUB_ACTIONS_ISSUER;
  static final String RELEASES = "acme-labs/forge/releases/download";
  static final String RELEASE_ID = "https://github.com/acme-labs/forge/.github/workflows/release.yml@refs/tags/v";
  static final String REVOCATION_ID =
      "https://github.com/acme-labs/forge/.github/workflows/revocations.yml@refs/tags/revocations";
  static final String RECALL_REASON =
      "CVE-2026-0001: nix daemon in the dev image accepts unauthenticated builds; upgrade to 0.14.1";
  static final Instant SIGNED_AT = Instant.parse("2026-05-01T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path out;
  private final FakeSigstore sigstore = FakeSigstore.create(20260501L);
  private final ReleaseSigner signer;
  /** image digests by "variant version arch", written into workloads.yaml. */
  private final Map<String, String> digests = new TreeMap<>();

  GenerateExamples(Path out) {
    this.out = out;
    this.signer = new ReleaseSigner(sigstore, out.resolve("mirror"));
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "examples");
    new GenerateExamples(out).run();
    System.out.println("examples written to " + out.toAbsolutePath());
  }

  void run() throws IOException {
    Files.createDirectories(out);
    sigstore.writeTrustedRoot(out);
    for (String arch : new String[] {"x86_64", "aarch64"}) {
      release("dev", "0.12.0", arch, "2031-01-01T00:00:00Z");
      release("dev", "0.13.0", arch, "2031-01-01T00:00:00Z");
      release("dev", "0.14.1", arch, "2031-01-01T00:00:00Z");
      release("builder", "0.14.1", arch, "2031-01-01T00:00:00Z");
    }
    tamper("dev", "0.12.0", "x86_64");
    revocations();
    copyResource("policy.yaml");
    copyResource("workloads.yaml.template", "workloads.yaml", digests);
  }

  private void release(String variant, String version, String arch, String notAfter) throws IOException {
    String digest = sha256(("oci manifest of forge-" + variant + " " + version + " " + arch).getBytes(StandardCharsets.UTF_8));
    digests.put(variant + " " + version + " " + arch, digest);
    ObjectNode m = JSON.createObjectNode();
    m.put("schema_version", 1);
    m.put("version", version);
    m.put("arch", arch);
    m.put("variant", variant);
    m.put("rootfs_format", "oci");
    ArrayNode artifacts = m.putArray("artifacts");
    artifacts.addObject().put("name", variant + "-image-" + arch + ".oci").put("sha256", digest);
    artifacts.addObject().put("name", variant + "-image-" + arch + ".tar.zst")
        .put("sha256", sha256((variant + version + arch + " rootfs").getBytes(StandardCharsets.UTF_8)));
    m.put("nix_store_hash", sha256(("store " + version).getBytes(StandardCharsets.UTF_8)).substring(0, 32));
    m.put("source_git_sha", sha256(("git " + version).getBytes(StandardCharsets.UTF_8)).substring(0, 40));
    m.putObject("flake_locks").put("flake.lock", "sha256:" + sha256(("lock " + version).getBytes(StandardCharsets.UTF_8)));
    m.putArray("addressed_advisories");
    m.put("built_at", "2026-05-01T11:30:00Z");
    m.put("not_after", notAfter);
    byte[] bytes = JSON.writeValueAsBytes(m);
    signer.write(RELEASES + "/v" + version + "/" + variant + "-image-" + arch + ".manifest.json", bytes,
        request(RELEASE_ID + version));
  }

  /** Edits a signed manifest after signing, as an attacker adding their own image would. */
  private void tamper(String variant, String version, String arch) throws IOException {
    Path file = out.resolve("mirror").resolve(RELEASES + "/v" + version + "/" + variant + "-image-" + arch + ".manifest.json");
    String attacker = sha256("attacker image".getBytes(StandardCharsets.UTF_8));
    digests.put("tampered", attacker);
    String json = Files.readString(file);
    Files.writeString(file, json.replace(digests.get(variant + " " + version + " " + arch), attacker));
  }

  private void revocations() throws IOException {
    ObjectNode list = JSON.createObjectNode();
    list.put("schema_version", 1);
    list.put("issued_at", "2026-05-15T00:00:00Z");
    list.put("sequence", 7);
    list.putArray("revocations").addObject()
        .put("version", "0.13.0").put("variant", "dev").put("arch", "x86_64")
        .put("reason", RECALL_REASON).put("revoked_at", "2026-05-15T00:00:00Z");
    signer.write(RELEASES + "/revocations/revoked-versions.json", JSON.writeValueAsBytes(list), request(REVOCATION_ID));
  }

  private static SignRequest request(String identity) {
    return SignRequest.builder().identity(identity).issuer(ISSUER).signedAt(SIGNED_AT).build();
  }

  private void copyResource(String name) throws IOException {
    copyResource(name, name, Map.of());
  }

  private void copyResource(String resource, String target, Map<String, String> values) throws IOException {
    try (var in = GenerateExamples.class.getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (var e : values.entrySet()) {
        text = text.replace("${" + e.getKey() + "}", e.getValue());
      }
      Files.writeString(out.resolve(target), text);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
