package io.trustgate.core.manifest;

import io.trustgate.core.decision.Reason;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.format.FormatException;
import io.trustgate.core.policy.ManifestRule;
import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.sigstore.FailureAdvice;
import io.trustgate.core.sigstore.Verification;

/** Fetch → verify bundle → parse → check coordinates: one manifest, as a value. */
public final class ManifestFetcher {
  private final EvidenceSource source;

  public ManifestFetcher(EvidenceSource source) {
    this.source = source;
  }

  public ManifestEvidence fetch(ManifestRequest request) {
    String url = request.url();
    FetchResult doc = source.fetch(url);
    if (!(doc instanceof FetchResult.Found found)) {
      return unavailable(url, "release manifest", doc);
    }
    String signer = null;
    if (request.verifier() != null) {
      String bundleUrl = url + ManifestRule.BUNDLE_SUFFIX;
      FetchResult bundle = source.fetch(bundleUrl);
      if (bundle instanceof FetchResult.NotFound) {
        return new ManifestEvidence.Failed(
            url,
            Reason.SIGNATURE_INVALID,
            "release manifest is not signed: no bundle at " + bundleUrl + " (" + release(request)
                + "). Who acts: the publisher, or the cluster operator for a mirror. Ask the"
                + " publisher of " + release(request) + " to publish the bundle beside the manifest;"
                + " if you serve releases from a mirror, copy the bundle into it");
      }
      if (!(bundle instanceof FetchResult.Found foundBundle)) {
        return unavailable(bundleUrl, "bundle", bundle);
      }
      Verification v = request.verifier().verify(found.body(), foundBundle.body(), request.signer());
      if (!v.verified()) {
        return new ManifestEvidence.Failed(
            url,
            Reason.valueOf(v.failure().name()),
            FailureAdvice.explain(
                v,
                new FailureAdvice.SignedFile(
                    "release manifest", url, bundleUrl, release(request),
                    "the policy's spec.manifests.signer")));
      }
      signer = v.signerIdentity();
    }
    ReleaseManifest manifest;
    try {
      manifest = ReleaseManifestParser.parse(found.body());
    } catch (FormatException e) {
      Reason reason =
          e.kind() == FormatException.Kind.UNSUPPORTED_SCHEMA
              ? Reason.UNSUPPORTED_SCHEMA
              : Reason.MANIFEST_INVALID;
      return new ManifestEvidence.Failed(url, reason, url + ": " + e.getMessage());
    }
    ReleaseCoordinates want = request.expected();
    if (!manifest.version().equals(want.version())) {
      return new ManifestEvidence.Failed(
          url,
          Reason.VERSION_SKEW,
          "release manifest "
              + url
              + " is for version "
              + manifest.version()
              + " but the image tag names "
              + want.version());
    }
    if (!manifest.variant().equals(want.variant()) || !manifest.arch().equals(want.arch())) {
      return new ManifestEvidence.Failed(
          url,
          Reason.MANIFEST_MISMATCH,
          "release manifest "
              + url
              + " describes "
              + manifest.variant()
              + "/"
              + manifest.arch()
              + ", expected "
              + want.variant()
              + "/"
              + want.arch());
    }
    return new ManifestEvidence.Verified(url, manifest, io.trustgate.core.format.Sha256.hex(found.body()), signer);
  }

  private static String release(ManifestRequest request) {
    return request.expected().toString(); // 0.14.0 dev/x86_64
  }

  private static ManifestEvidence unavailable(String url, String what, FetchResult result) {
    String why =
        result instanceof FetchResult.NotFound
            ? what + " not found at " + url
            : what + " " + url + " could not be fetched: " + ((FetchResult.Failed) result).message();
    return new ManifestEvidence.Failed(url, Reason.MANIFEST_UNAVAILABLE, why);
  }

}
