package io.trustgate.core.sigstore;

import static io.trustgate.core.sigstore.VerificationFailure.BUNDLE_MALFORMED;
import static io.trustgate.core.sigstore.VerificationFailure.IDENTITY_MISMATCH;
import static io.trustgate.core.sigstore.VerificationFailure.TRANSPARENCY_LOG_INVALID;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import dev.sigstore.AlgorithmRegistry;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.ImmutableBundle;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.json.JsonParseException;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorEntryBody;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies Sigstore bundles (keyless, Fulcio certificate) over exact artifact bytes, offline,
 * against one {@link TrustRoot}. Built on sigstore-java 2.0.0, with the checks it lacks added:
 *
 * <ul>
 *   <li>the signing certificate must be valid at the Rekor integrated time (sigstore-java checks it
 *       only at RFC 3161 times), and the log key within its trusted-root validity when the entry was
 *       made: at the integrated time, or at the RFC 3161 times for an entry without one, as Rekor v2
 *       writes ({@link SigningTimes});
 *   <li>signer identity is matched with RE2 ({@link IdentityMatcher}) through a {@link
 *       SignerCertificateMatcher}; verification options are never empty;
 *   <li>bounded, structurally checked input with precise reasons ({@link BundleIntake});
 *   <li>every log entry is verified by {@link LogEntryVerifier} too, which checks the checkpoint's
 *       origin line and tree size, and checks the checkpoint signature under the log's origin (base
 *       URL without scheme). sigstore-java wants it under the URL's host only, so for a log whose
 *       URL has a port or path (a private Sigstore at {@code http://rekor.internal:3000}) its
 *       verdict on the log entry is replaced by ours;
 *   <li>DSSE bundles logged as Rekor {@code intoto} 0.0.2 entries ({@link IntotoBundleVerifier}) or
 *       as {@code hashedrekord} entries over the DSSE pre-authentication encoding;
 *   <li>legacy cosign bundles ({@link LegacyCosignBundle}): their signed entry timestamp is verified
 *       first, then the log entry must record exactly the bundle's signature, certificate and the
 *       artifact's digest, and then the same checks as for a Sigstore bundle run on the translated
 *       bundle, all but the inclusion proof, which legacy bundles do not have.
 * </ul>
 *
 * <p>Construct one per trust root with {@link #BundleVerifier(TrustRoot)}; the sigstore-java
 * verifiers are built once there. Instances are immutable and thread-safe.
 *
 * <p>{@code verify} never throws for bad input, only for null arguments: every failure, including
 * unexpected exceptions from sigstore-java, becomes a failed {@link Verification}.
 */
public final class BundleVerifier {
  /** sigstore-java 2.0.0's RekorVerifier message for an entry without inclusion proof. */
  private static final String NO_INCLUSION_PROOF = "No inclusion proof in entry.";

  private final TrustRoot trustRoot;
  private final KeylessVerifier keyless;
  private final IntotoBundleVerifier intoto;
  private final LogEntryVerifier logEntries;
  private final SigningTimes signingTimes;

  /**
   * Builds the verifiers for {@code trustRoot}.
   *
   * @throws TrustRootException if the root cannot be obtained (public-good over TUF) or used
   */
  public BundleVerifier(TrustRoot trustRoot) {
    this.trustRoot = Objects.requireNonNull(trustRoot, "trustRoot");
    SigstoreTrustedRoot root = trustRoot.sigstoreTrustedRoot();
    try {
      this.keyless = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
      this.logEntries = new LogEntryVerifier(root.getTLogs());
      this.intoto =
          new IntotoBundleVerifier(
              FulcioVerifier.newFulcioVerifier(root),
              logEntries,
              TimestampVerifier.newTimestampVerifier(root));
    } catch (GeneralSecurityException | SigstoreConfigurationException | RuntimeException e) {
      throw new TrustRootException(
          trustRoot.describe() + " cannot be used for verification: " + Messages.detail(e), e);
    }
    this.signingTimes = new SigningTimes(root.getTLogs());
  }

  public TrustRoot trustRoot() {
    return trustRoot;
  }

  /** Verifies {@code bundleJson} as a signature by {@code signer} over exactly {@code artifact}. */
  public Verification verify(byte[] artifact, byte[] bundleJson, SignerIdentity signer) {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(bundleJson, "bundleJson");
    Objects.requireNonNull(signer, "signer");
    return verifyDigest(Hashing.sha256().hashBytes(artifact).asBytes(), bundleJson, signer);
  }

  /**
   * File convenience for {@link #verify(byte[], byte[], SignerIdentity)}; the artifact is hashed as
   * a stream and at most {@link BundleIntake#MAX_BUNDLE_BYTES} (+1) of the bundle are read.
   *
   * @throws UncheckedIOException if either file cannot be read (an environment problem, not a
   *     verification outcome)
   */
  public Verification verify(Path artifact, Path bundle, SignerIdentity signer) {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(signer, "signer");
    byte[] digest;
    byte[] bundleJson;
    try {
      digest = MoreFiles.asByteSource(artifact).hash(Hashing.sha256()).asBytes();
      try (InputStream in = Files.newInputStream(bundle)) {
        bundleJson = in.readNBytes(BundleIntake.MAX_BUNDLE_BYTES + 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return verifyDigest(digest, bundleJson, signer);
  }

  private Verification verifyDigest(
      byte[] artifactSha256, byte[] bundleJson, SignerIdentity signer) {
    var matcher = new SignerCertificateMatcher(signer);
    try {
      BundleIntake.Intake intake = BundleIntake.intake(bundleJson);
      Bundle bundle = intake.bundle();
      X509Certificate leaf = Certificates.getLeaf(bundle.getCertPath());
      if (intake.legacy() != null) {
        verifyLegacy(artifactSha256, bundle, intake.legacy(), matcher);
      } else {
        verifySignatureAndLog(artifactSha256, bundle, matcher);
      }
      Instant signedAt = signingTimes.check(bundle, leaf);
      // Every path has matched the identity already; checking again costs nothing and keeps
      // the most important check independent of how the paths above evolve.
      if (!matcher.test(leaf)) {
        throw new Rejection(IDENTITY_MISMATCH, matcher.mismatch());
      }
      return Verification.verified(
          matcher.matched().identity(), matcher.matched().issuer(), signedAt);
    } catch (Rejection r) {
      return r.toVerification();
    } catch (RuntimeException e) {
      return Verification.failed(
          BUNDLE_MALFORMED, "The bundle could not be verified: " + Messages.detail(e) + ".");
    }
  }

  private void verifySignatureAndLog(
      byte[] artifactSha256, Bundle bundle, SignerCertificateMatcher matcher) throws Rejection {
    if (bundle.getDsseEnvelope().isEmpty()) {
      runKeyless(artifactSha256, bundle, matcher);
      return;
    }
    InTotoEnvelope envelope = InTotoEnvelope.of(bundle.getDsseEnvelope().get());
    RekorEntryBody body = entryBody(bundle);
    if ("hashedrekord".equals(body.getKind())) {
      // The log entry records a hashedrekord over SHA-256(PAE): verify the envelope as the
      // message signature it is, then require the artifact among the statement's subjects.
      byte[] paeSha256 = envelope.paeSha256();
      Bundle asMessageSignature =
          ImmutableBundle.builder()
              .from(bundle)
              .dsseEnvelope(Optional.empty())
              .messageSignature(
                  Bundle.MessageSignature.of(
                      AlgorithmRegistry.HashAlgorithm.SHA2_256, paeSha256, envelope.signature()))
              .build();
      runKeyless(paeSha256, asMessageSignature, matcher);
      envelope.requireSubject(artifactSha256);
    } else if (IntotoLogEntry.KIND.equals(body.getKind())
        && IntotoLogEntry.VERSION.equals(body.getApiVersion())) {
      intoto.verify(artifactSha256, bundle, envelope, matcher);
    } else {
      runKeyless(artifactSha256, bundle, matcher);
    }
  }

  /**
   * A legacy bundle's log entry is checked first: a genuine entry (its SET verifies) that records
   * exactly this signing. Then sigstore-java checks the rest as for a Sigstore bundle: certificate
   * chain and SCT, identity, the signature over the artifact, the entry body against the bundle,
   * and RFC 3161 timestamps. Its log entry check, the last in sigstore-java 2.0.0, always fails for
   * want of an inclusion proof; that failure alone is expected, since the SET was verified above.
   * Should a later sigstore-java check the log entry earlier, the legacy defect cases of
   * SignatureFindingsTest (untrusted CA, no SCT, signature over other bytes) fail.
   */
  private void verifyLegacy(
      byte[] artifactSha256,
      Bundle bundle,
      LegacyCosignBundle legacy,
      SignerCertificateMatcher matcher)
      throws Rejection {
    RekorEntry entry = bundle.getEntries().get(0);
    logEntries.verifyPromise(entry);
    legacy.requireEntryRecords(artifactSha256);
    var options = VerificationOptions.builder().addCertificateMatchers(matcher).build();
    try {
      keyless.verify(artifactSha256, bundle, options);
    } catch (KeylessVerificationException e) {
      if (!(e.getCause() instanceof RekorVerificationException rekor
          && NO_INCLUSION_PROOF.equals(rekor.getMessage()))) {
        throw FailureClassifier.fromKeyless(e, matcher);
      }
    }
  }

  private void runKeyless(byte[] digest, Bundle bundle, SignerCertificateMatcher matcher)
      throws Rejection {
    // Never empty: sigstore-java accepts any identity when no matcher is given.
    var options = VerificationOptions.builder().addCertificateMatchers(matcher).build();
    RekorEntry entry = bundle.getEntries().get(0);
    try {
      keyless.verify(digest, bundle, options);
    } catch (KeylessVerificationException e) {
      // In sigstore-java 2.0.0 the log entry is KeylessVerifier's last check, the only one that
      // fails with a RekorVerificationException, so all others passed. If its checkpoint check
      // cannot succeed for this log, the log entry is left to ours below.
      boolean onlyLogEntryFailed = e.getCause() instanceof RekorVerificationException;
      if (onlyLogEntryFailed) {
        // sigstore-java names no key id for a log missing from the trusted root; ours does.
        logEntries.requireKnownLog(entry);
      }
      if (!onlyLogEntryFailed || logEntries.sigstoreJavaCanVerifyCheckpoint(entry)) {
        throw FailureClassifier.fromKeyless(e, matcher);
      }
    }
    // Also when sigstore-java accepted the entry: it ignores the checkpoint's origin line and size.
    logEntries.verify(entry);
  }

  private static RekorEntryBody entryBody(Bundle bundle) throws Rejection {
    try {
      return bundle.getEntries().get(0).getBodyDecoded();
    } catch (JsonParseException | RuntimeException e) {
      throw new Rejection(
          TRANSPARENCY_LOG_INVALID, "The transparency log entry body is not readable JSON.");
    }
  }

  @Override
  public String toString() {
    return "BundleVerifier[" + trustRoot.describe() + "]";
  }
}
