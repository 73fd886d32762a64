package io.trustgate.cli;

import io.trustgate.core.sigstore.FailureAdvice;
import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.sigstore.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A drop-in for {@code cosign verify-blob --bundle}: same flags, same (search) semantics. */
@Command(
    name = "verify-blob",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:not verified",
      "2:usage or input error",
      "3:the trust root could not be fetched (offline? use --trusted-root)"
    },
    description = "Verify a Sigstore or legacy cosign bundle over a file, like `cosign verify-blob --bundle`.")
final class VerifyBlobCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "the signed file")
  Path file;

  @Option(names = "--bundle", required = true, paramLabel = "BUNDLE", description = "Sigstore or legacy cosign bundle (JSON)")
  Path bundle;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Identity identity;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Issuer issuer;

  @Mixin TrustRootOption trustRoot;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final class Identity {
    @Option(names = "--certificate-identity", paramLabel = "ID", description = "exact certificate identity (SAN)")
    String exact;

    @Option(
        names = "--certificate-identity-regexp",
        paramLabel = "RE",
        description = "RE2 regexp searched in the identity (unanchored, as in cosign)")
    String regexp;
  }

  static final class Issuer {
    @Option(names = "--certificate-oidc-issuer", paramLabel = "URL", description = "exact OIDC issuer")
    String exact;

    @Option(
        names = "--certificate-oidc-issuer-regexp",
        paramLabel = "RE",
        description = "RE2 regexp searched in the OIDC issuer (unanchored, as in cosign)")
    String regexp;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SignerIdentity signer =
        new SignerIdentity(
            matcher(issuer.exact, issuer.regexp, "--certificate-oidc-issuer-regexp", err),
            matcher(identity.exact, identity.regexp, "--certificate-identity-regexp", err));
    InputFiles.requireFile(file, "file");
    InputFiles.requireFile(bundle, "bundle");
    Verification v;
    try {
      // The artifact is hashed as a stream (it may be a rootfs of gigabytes); the bundle is bounded.
      v = trustRoot.verifier().verify(file, bundle, signer);
    } catch (java.io.UncheckedIOException e) {
      throw new InputException("cannot read " + file + " or " + bundle + ": " + e.getCause().getMessage());
    }
    if (v.verified()) {
      out.println("Verified OK");
      return Main.OK;
    }
    err.println("error: " + v.failure() + ": " + FailureAdvice.explain(v, new FailureAdvice.SignedFile(
        "file", file.toString(), bundle.toString(), null,
        "the --certificate-identity/--certificate-oidc-issuer flags (or their -regexp forms)")));
    return Main.REJECTED;
  }

  private static IdentityMatcher matcher(String exact, String regexp, String flag, PrintWriter err) {
    try {
      if (exact != null) {
        return IdentityMatcher.exact(exact);
      }
      IdentityMatcher matcher = IdentityMatcher.search(regexp);
      if (!regexp.startsWith("^") || !regexp.endsWith("$")) {
        err.println(
            "warning: "
                + flag
                + " \""
                + regexp
                + "\" is not anchored with ^...$: like cosign it matches anywhere in the value,"
                + " so longer values that contain it are accepted too");
      }
      return matcher;
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }
}
