package io.trustgate.core.sigstore;

import java.util.Objects;

/**
 * Turns a failed {@link Verification} of a signed release file into words for the cluster
 * operator who reads the denial: which file of whose release, what is wrong, and who can put it
 * right. The operator does not own the release: asking them to re-sign is useless, so the advice
 * names the publisher only when the publisher's signing went wrong, and names the operator's own
 * configuration (policy signer, trust root) when that is where the fix lies.
 */
public final class FailureAdvice {

  /** Who can make the file verify. */
  public enum Party {
    /** The project that signs the release: re-sign, or publish the right file. */
    PUBLISHER("the publisher"),
    /** Whoever runs trustgate: the policy's signer or trust root, or the trustgate version. */
    CLUSTER_OPERATOR("the cluster operator"),
    /** Nobody should make it verify: the file is not what its bundle signed. */
    NO_ONE("no one should make it pass");

    private final String words;

    Party(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /**
   * A signed file and what it is for.
   *
   * @param kind e.g. {@code release manifest} or {@code revocation list}
   * @param url where the file was fetched (the mirror path is derived from it, see docs)
   * @param bundleUrl where its bundle was fetched
   * @param release whose release the file is about, e.g. {@code 0.14.0 dev/x86_64}, or null
   * @param signerField what names the expected signer, e.g. {@code the policy's
   *     spec.manifests.signer}
   */
  public record SignedFile(
      String kind, String url, String bundleUrl, String release, String signerField) {
    public SignedFile {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(bundleUrl, "bundleUrl");
      Objects.requireNonNull(signerField, "signerField");
    }

    String subject() {
      return kind + " " + url + (release == null ? "" : " (" + release + ")");
    }

    String whose() {
      return release == null ? kind + " " + url : release;
    }
  }

  private FailureAdvice() {}

  /** Who can fix a failure of this kind. */
  public static Party party(VerificationFailure failure) {
    return switch (failure) {
      case SIGNATURE_INVALID -> Party.NO_ONE;
      case IDENTITY_MISMATCH, UNTRUSTED_ROOT, UNSUPPORTED_BUNDLE -> Party.CLUSTER_OPERATOR;
      case BUNDLE_MALFORMED, TRANSPARENCY_LOG_INVALID, CERTIFICATE_EXPIRED -> Party.PUBLISHER;
    };
  }

  /**
   * One line: {@code <kind> <url> (<release>) does not verify with its bundle <bundleUrl>: <what
   * failed> Who acts: <party>. <What to do>}, without a final full stop, so that callers can
   * append context such as the policy.
   */
  public static String explain(Verification v, SignedFile file) {
    if (v.verified()) {
      throw new IllegalArgumentException("nothing to explain: " + v.message());
    }
    return file.subject()
        + " does not verify with its bundle "
        + file.bundleUrl()
        + ": "
        + v.message()
        + " Who acts: "
        + party(v.failure()).words()
        + ". "
        + remedy(v.failure(), file);
  }

  private static String remedy(VerificationFailure failure, SignedFile file) {
    return switch (failure) {
      case SIGNATURE_INVALID ->
          "The file changed after it was signed, or the bundle was made for another file: do not"
              + " run this release; if you serve it from a mirror, compare the mirror copy with"
              + " the publisher's, otherwise report it to the publisher of "
              + file.whose();
      case IDENTITY_MISMATCH ->
          "The file was signed, but not by the signer the policy expects: if the certificate's"
              + " signer is the project's genuine signing workflow, correct "
              + file.signerField()
              + ", otherwise the file is not from the project and must not be trusted";
      case UNTRUSTED_ROOT ->
          "The signature relies on a Sigstore key (certificate authority, CT log, Rekor log"
              + " shard or timestamp authority) that the policy's trust root does not hold, or"
              + " holds for another period: if the publisher signs with the public Sigstore"
              + " instance, use trustRoot publicGood or update your trusted_root.json (Sigstore"
              + " adds Rekor shards and authority keys over time); if it signs with a private"
              + " Sigstore, add that instance's keys to the trust root";
      case UNSUPPORTED_BUNDLE ->
          "This trustgate cannot verify this kind of bundle: if the publisher moved to a newer"
              + " Sigstore bundle format, upgrade trustgate; no change to the policy makes it"
              + " verify";
      case BUNDLE_MALFORMED ->
          "Check that "
              + file.bundleUrl()
              + " is complete and is the bundle the publisher released (a mirror copy may be"
              + " truncated); if it is, ask the publisher of "
              + file.whose()
              + " to publish a valid bundle";
      case TRANSPARENCY_LOG_INVALID ->
          "The bundle's transparency log proof is missing or does not check out: if the bundle"
              + " is the one the publisher released, ask the publisher of "
              + file.whose()
              + " to sign the file again with a transparency log entry";
      case CERTIFICATE_EXPIRED ->
          "The signature was logged or timestamped outside the signing certificate's validity:"
              + " ask the publisher of "
              + file.whose()
              + " to sign the file again";
    };
  }
}
