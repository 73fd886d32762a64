package io.trustgate.cli;

import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.TrustRoot;
import io.trustgate.core.sigstore.TrustRootException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --trusted-root FILE}; without it, the Sigstore public-good root (fetched via TUF). */
final class TrustRootOption {
  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description =
          "trusted_root.json to verify against (air-gapped or private Sigstore). Default: the"
              + " Sigstore public-good root, fetched and cached through TUF on first use.")
  Path trustedRoot;

  /** A verifier over the chosen root; an unusable root is an input error with its reason. */
  BundleVerifier verifier() {
    try {
      return new BundleVerifier(load());
    } catch (TrustRootException e) {
      if (trustedRoot == null) {
        // The public-good root comes over the network: failing to get it decides nothing.
        throw new UndecidedException(e.getMessage() + " (offline? pass a trusted_root.json with --trusted-root)");
      }
      throw new InputException(e.getMessage());
    }
  }

  boolean given() {
    return trustedRoot != null;
  }

  TrustRoot load() {
    if (trustedRoot == null) {
      return TrustRoot.publicGood();
    }
    if (!Files.isRegularFile(trustedRoot)) {
      throw new InputException("trusted root " + trustedRoot + " does not exist");
    }
    try {
      return TrustRoot.fromFile(trustedRoot);
    } catch (TrustRootException e) {
      throw new InputException(e.getMessage());
    }
  }
}
