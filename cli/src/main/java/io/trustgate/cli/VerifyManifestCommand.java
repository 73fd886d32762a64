package io.trustgate.cli;

import io.trustgate.core.format.FormatException;
import io.trustgate.core.manifest.Artifact;
import io.trustgate.core.manifest.ReleaseManifest;
import io.trustgate.core.manifest.ReleaseManifestParser;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.sigstore.FailureAdvice;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.sigstore.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Verifies one release manifest as a policy would, and optionally the files it lists. */
@Command(
    name = "verify-manifest",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified (and every present artifact matches)",
      "1:not verified, an artifact differs, none is present, or expired under expiry: Enforce",
      "2:usage or input error",
      "3:the trust root could not be fetched (offline? use --trusted-root)"
    },
    description = {
      "Verify a release manifest against a TrustPolicy's manifest signer.",
      "Prints the manifest's metadata and artifacts; with --artifacts-dir, checks each listed",
      "file's SHA-256."
    })
final class VerifyManifestCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MANIFEST", description = "release manifest JSON")
  Path manifestPath;

  @Option(names = "--bundle", paramLabel = "BUNDLE", description = "Sigstore or legacy cosign bundle. Default: MANIFEST.bundle")
  Path bundle;

  @Mixin PolicyOptions policyOptions;

  @Option(names = "--policy-name", paramLabel = "NAME", description = "which policy to use when the files hold several")
  String policyName;

  @Option(names = "--artifacts-dir", paramLabel = "DIR", description = "directory holding the listed artifacts, checked by SHA-256")
  Path artifactsDir;

  @Mixin TrustRootOption trustRoot;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] bytes = InputFiles.read(manifestPath, "manifest");
    Path bundlePath = bundle != null ? bundle : Path.of(manifestPath + ".bundle");
    byte[] bundleBytes = InputFiles.read(bundlePath, "bundle");
    ReleaseManifest manifest;
    try {
      manifest = ReleaseManifestParser.parse(bytes);
    } catch (FormatException e) {
      err.println("error: " + e.getMessage());
      return Main.REJECTED;
    }
    CompiledPolicy policy = choosePolicy(policyOptions.compile(err), manifest);
    ReleaseCoordinates at = new ReleaseCoordinates(manifest.version(), manifest.variant(), manifest.arch());
    SignerIdentity signer = policy.manifests().signer().resolve(at);
    Verification v = trustRoot.verifier().verify(bytes, bundleBytes, signer);
    if (!v.verified()) {
      err.println("error: " + v.failure() + ": " + FailureAdvice.explain(v, new FailureAdvice.SignedFile(
          "release manifest", manifestPath.toString(), bundlePath.toString(), at.toString(),
          "spec.manifests.signer of policy " + policy.name())));
      err.println("  expected signer (policy " + policy.name() + "): " + signer.describe());
      return Main.REJECTED;
    }
    out.println("Verified OK: " + at + " signed by " + v.signerIdentity() + " (issuer " + v.signerIssuer()
        + ", logged " + v.integratedTime() + ", policy " + policy.name() + ")");
    boolean ok = true;
    Instant now = clock.instant();
    out.println("  built_at:       " + (manifest.builtAt() == null ? "-" : manifest.builtAt()));
    out.println("  not_after:      " + (manifest.notAfter() == null ? "-" : manifest.notAfter())
        + (manifest.expiredAt(now) ? "  EXPIRED" : ""));
    if (manifest.expiredAt(now) && policy.expiryEnforced()) {
      ok = false;
    }
    out.println("  source_git_sha: " + nullToDash(manifest.sourceGitSha()));
    out.println("  nix_store_hash: " + nullToDash(manifest.nixStoreHash()));
    if (!manifest.addressedAdvisories().isEmpty()) {
      out.println("  advisories:     " + String.join(", ", manifest.addressedAdvisories()));
    }
    out.println("artifacts:");
    int present = 0;
    for (Artifact a : manifest.artifacts()) {
      String status = "";
      if (artifactsDir != null) {
        Path file = artifactsDir.resolve(a.name()).normalize();
        if (!file.startsWith(artifactsDir.normalize()) || !Files.isRegularFile(file)) {
          status = "  (not in " + artifactsDir + ")";
        } else {
          present++;
          String actual = sha256(file);
          if (actual.equals(a.sha256())) {
            status = "  OK";
          } else {
            status = "  MISMATCH: file has " + actual;
            ok = false;
          }
        }
      }
      out.println("  " + a.sha256() + "  " + a.name() + status);
    }
    if (artifactsDir != null && present == 0) {
      err.println("error: none of the listed artifacts is in " + artifactsDir);
      ok = false;
    }
    return ok ? Main.OK : Main.REJECTED;
  }

  private CompiledPolicy choosePolicy(List<CompiledPolicy> policies, ReleaseManifest manifest) {
    List<CompiledPolicy> candidates =
        policies.stream()
            .filter(p -> policyName == null || p.name().equals(policyName))
            .filter(p -> p.images().stream().anyMatch(s -> s.variant().equals(manifest.variant())))
            .filter(p -> p.arches().contains(manifest.arch()))
            .toList();
    if (candidates.isEmpty()) {
      throw new InputException("no policy" + (policyName == null ? "" : " named " + policyName)
          + " governs variant " + manifest.variant() + " on " + manifest.arch());
    }
    if (candidates.size() > 1) {
      throw new InputException("several policies govern " + manifest.variant() + "/" + manifest.arch()
          + "; choose one with --policy-name: "
          + String.join(", ", candidates.stream().map(CompiledPolicy::name).toList()));
    }
    return candidates.get(0);
  }

  private static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nullToDash(String s) {
    return s == null ? "-" : s;
  }
}
