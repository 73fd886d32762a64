package io.trustgate.core.sigstore;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.hash.Hashing;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.tuf.SigstoreTufClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The Sigstore trust material bundles are verified against: Fulcio CAs, Rekor logs, CT logs and
 * timestamp authorities.
 *
 * <p>Roots read from a file or bytes are parsed and checked eagerly, so a bad file fails when it is
 * loaded, and verification against them never needs the network. {@link #publicGood()} is resolved
 * lazily through TUF instead.
 *
 * <p>Instances are immutable and thread-safe. Two roots are equal when their {@link #id()} is.
 */
public final class TrustRoot {
  static final String PUBLIC_GOOD_ID = "public-good";
  // Trusted roots are kilobytes; refuse to read anything absurd into memory.
  private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private static final TrustRoot PUBLIC_GOOD =
      new TrustRoot(
          PUBLIC_GOOD_ID,
          "Sigstore public-good trusted root (TUF)",
          Suppliers.memoize(TrustRoot::fetchPublicGood));

  private final String id;
  private final String description;
  private final Supplier<SigstoreTrustedRoot> root;

  private TrustRoot(String id, String description, Supplier<SigstoreTrustedRoot> root) {
    this.id = id;
    this.description = description;
    this.root = root;
  }

  /**
   * Reads and checks a {@code trusted_root.json} file.
   *
   * @throws TrustRootException if the file cannot be read or is not a usable trusted root
   */
  public static TrustRoot fromFile(Path trustedRootJson) {
    Objects.requireNonNull(trustedRootJson, "trustedRootJson");
    byte[] json;
    try (InputStream in = Files.newInputStream(trustedRootJson)) {
      json = in.readNBytes((int) MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new TrustRootException(
          "cannot read trusted root " + trustedRootJson + ": " + Messages.detail(e), e);
    }
    if (json.length > MAX_FILE_BYTES) {
      throw new TrustRootException(
          "trusted root " + trustedRootJson + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    return fromJson(json, trustedRootJson.toString());
  }

  /**
   * Parses and checks trusted-root JSON, e.g. from a ConfigMap.
   *
   * @param sourceName where the bytes came from, used in messages (e.g. {@code configmap
   *     trustgate/roots key trusted_root.json})
   * @throws TrustRootException if the bytes are not a usable trusted root
   */
  public static TrustRoot fromJson(byte[] json, String sourceName) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(sourceName, "sourceName");
    SigstoreTrustedRoot parsed = TrustedRootParser.parse(json, sourceName);
    String id = "sha256:" + Hashing.sha256().hashBytes(json);
    String description = "trusted root " + sourceName + " (" + id.substring(0, 19) + "…)";
    return new TrustRoot(id, description, () -> parsed);
  }

  /**
   * The Sigstore public-good production root, obtained by sigstore-java's TUF client.
   *
   * <p><b>Uses the network</b>: the first {@code BundleVerifier} built from this root fetches and
   * verifies TUF metadata from {@code tuf-repo-cdn.sigstore.dev} (cached under the user's home
   * directory by sigstore-java). A failed fetch throws {@link TrustRootException} there and is
   * retried on the next attempt. Air-gapped installations must use {@link #fromFile(Path)} with a
   * shipped {@code trusted_root.json} instead.
   */
  public static TrustRoot publicGood() {
    return PUBLIC_GOOD;
  }

  /** Stable identifier for cache keys: {@code public-good} or {@code sha256:<hex of the JSON>}. */
  public String id() {
    return id;
  }

  /** Human text naming the root and where it came from. */
  public String describe() {
    return description;
  }

  /** The parsed root; for public-good this may fetch it (see {@link #publicGood()}). */
  SigstoreTrustedRoot sigstoreTrustedRoot() {
    return root.get();
  }

  private static SigstoreTrustedRoot fetchPublicGood() {
    try {
      return TrustedRootProvider.from(SigstoreTufClient.builder().usePublicGoodInstance()).get();
    } catch (SigstoreConfigurationException | RuntimeException e) {
      throw new TrustRootException(
          "cannot obtain the Sigstore public-good trusted root through TUF: "
              + Messages.detailWithCause(e),
          e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustRoot other && id.equals(other.id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return description;
  }
}
