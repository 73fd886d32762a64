package io.trustgate.core.decision;

import io.trustgate.api.v1alpha1.StaleAction;
import io.trustgate.core.format.DisplayText;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.manifest.ManifestEvidence;
import io.trustgate.core.manifest.ManifestRequest;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.CompiledSelector;
import io.trustgate.core.policy.GoDuration;
import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.revocation.Revocation;
import io.trustgate.core.revocation.RevocationState;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.workload.ImageOccurrence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pipeline of one image against one policy: digest → version → manifests → digest in a
 * verified manifest → expiry → recall. A denial that leaves the release unknown ends it; every
 * other finding accumulates, and a recall is reported whenever the release it names is known.
 */
final class PolicyJudge {
  private final CompiledPolicy policy;
  private final DecisionContext context;
  private ImageOccurrence occurrence;
  private List<Finding> findings;
  /** Set when judging without waiting: the pipeline stops where it would first have to wait. */
  private List<CompletableFuture<?>> started;

  PolicyJudge(CompiledPolicy policy, DecisionContext context) {
    this.policy = policy;
    this.context = context;
  }

  /**
   * Judges without ever waiting: manifest fetches not finished yet are started (or joined), added
   * to {@code pending}, and the judgement stops there, its findings incomplete. When nothing is
   * pending the judgement is complete, exactly as {@link #judge} would make it.
   */
  void judgeOrStart(ImageOccurrence occurrence, ImageRef ref, CompiledSelector selector, Instant deadline,
      List<Finding> findings, List<String> notes, List<CompletableFuture<?>> pending) {
    this.started = pending;
    judge(occurrence, ref, selector, deadline, findings, notes);
  }

  void judge(
      ImageOccurrence occurrence,
      ImageRef ref,
      CompiledSelector selector,
      Instant deadline,
      List<Finding> findings,
      List<String> notes) {
    this.occurrence = occurrence;
    this.findings = findings;
    boolean skipCosign = policy.skipCosignVerify() || context.hatches().skipCosignVerify();
    boolean skipHash = policy.skipHashVerify() || context.hatches().skipHashVerify();
    escapeHatchWarnings();

    Optional<String> digest = ref.sha256Hex();
    boolean unpinned = false;
    if (digest.isEmpty()) {
      if (policy.requireDigest()) {
        deny(Reason.NO_DIGEST,
            "not pinned by digest: policy " + policy.name() + " requires " + ref.name()
                + (ref.tag() == null ? "" : ":" + ref.tag()) + "@sha256:<digest>");
        unpinned = true;
      } else {
        warn(Reason.NO_DIGEST,
            "not pinned by digest; checked by version only (policy " + policy.name()
                + " has requireDigest: false)");
      }
    }
    Optional<String> version = policy.versionOf(ref.tag());
    if (version.isEmpty()) {
      deny(Reason.NO_VERSION,
          (ref.tag() == null ? "has no tag, so it names" : "tag \"" + ref.tag() + "\" names")
              + " no release version (policy " + policy.name() + " reads it with versionFromTag "
              + policy.versionFromTag().pattern() + ")");
      return;
    }
    String variant = selector.variant();
    if (unpinned) {
      // The denial is certain without fetching anything; the recall is still news.
      recallsOfEveryArch(version.get(), variant);
      return;
    }

    BundleVerifier verifier = null;
    if (!skipCosign) {
      Optional<BundleVerifier> v = context.verifiers().verifierFor(policy.trustRoot());
      if (v.isEmpty()) {
        deny(Reason.UNTRUSTED_ROOT,
            "trust root " + policy.trustRoot() + " of policy " + policy.name() + " is not available");
        recallsOfEveryArch(version.get(), variant);
        return;
      }
      verifier = v.get();
    }
    List<ManifestEvidence> evidence = fetchManifests(version.get(), variant, digest, verifier, deadline);
    if (evidence == null) {
      return; // only starting fetches: the caller waits for them without holding a thread
    }
    List<ManifestEvidence.Verified> verified = new ArrayList<>();
    for (ManifestEvidence e : evidence) {
      if (e instanceof ManifestEvidence.Verified v) {
        verified.add(v);
      }
    }
    if (verified.isEmpty()) {
      ManifestEvidence.Failed worst = mostTelling(failures(evidence));
      deny(worst.reason(), worst.message() + " (policy " + policy.name() + ")");
      recallsOfEveryArch(version.get(), variant);
      return;
    }

    List<ManifestEvidence.Verified> considered = verified;
    Optional<ManifestEvidence.Verified> listing = Optional.empty();
    if (digest.isPresent()) {
      listing = verified.stream().filter(v -> v.manifest().artifactWithSha256(digest.get()).isPresent()).findFirst();
      if (listing.isPresent()) {
        considered = List.of(listing.get());
      } else if (!skipHash) {
        ManifestEvidence.Failed worst = mostTelling(failures(evidence));
        if (worst != null && rank(worst.reason()) == INTEGRITY) {
          // The digest may be "listed" only in a manifest that failed its checks: that is the news.
          deny(worst.reason(), worst.message() + "; the digest is in no other verified manifest (policy "
              + policy.name() + ")");
        } else {
          deny(Reason.DIGEST_NOT_IN_MANIFEST, digestNotFound(digest.get(), version.get(), variant, evidence));
        }
        // The image is not known to be any manifest's artifact, so its expiry is unknown;
        // the version its tag names is known, and so is whether that release is recalled.
        recallsOfEveryArch(version.get(), variant);
        return;
      }
    }

    Instant now = context.clock().instant();
    for (ManifestEvidence.Verified v : considered) {
      if (v.manifest().expiredAt(now)) {
        String text = "release " + coordinates(v) + " expired at " + v.manifest().notAfter()
            + " (not_after of " + v.url() + ", policy " + policy.name() + ")";
        if (policy.expiryEnforced()) {
          deny(Reason.EXPIRED, text);
        } else {
          warn(Reason.EXPIRED, text);
        }
      }
    }

    if (listing.isPresent()) {
      var m = listing.get().manifest();
      recall(m.version(), m.variant(), m.arch());
    } else {
      recallsOfEveryArch(version.get(), variant);
    }
    policy.revocations().ifPresent(rule -> judgeFreshness(rule, now));
    for (ManifestEvidence.Verified v : considered) {
      notes.add("policy " + policy.name() + ": " + coordinates(v) + " listed in " + v.url()
          + (v.signatureSkipped() ? " (signature not checked)" : " signed by " + v.signer()));
    }
  }

  /**
   * The manifests of the policy's arches, in the policy's order, as far as judging this image
   * needs them. For an image pinned by digest the first verified manifest (in that order) that
   * lists the digest decides, so the arches are asked for one after another and those after it
   * are never fetched: an x86_64 image costs one manifest, not one per arch, and an arch whose
   * manifest is absent costs a cached answer once known. Different images (and policies) of one
   * object still fetch in parallel. An image without a digest needs every arch: those fetches are
   * started together and run in parallel on the cache's executor.
   */
  private List<ManifestEvidence> fetchManifests(
      String version, String variant, Optional<String> digest, BundleVerifier verifier, Instant deadline) {
    List<String> arches = policy.arches();
    List<ManifestEvidence> out = new ArrayList<>(arches.size());
    if (digest.isPresent()) {
      for (int i = 0; i < arches.size(); i++) {
        ManifestRequest request = request(version, variant, arches.get(i), verifier);
        CompletableFuture<ManifestEvidence> f = context.manifests().get(request);
        if (started != null && !f.isDone()) {
          // The caller waits without holding a thread until the arches are settled: this one
          // lists the image, or the next is fetched when it is in, and so on; then judges again.
          started.add(settled(f, i, version, variant, digest.get(), verifier));
          return null;
        }
        ManifestEvidence e = await(f, request.url(), deadline);
        out.add(e);
        if (lists(e, digest.get())) {
          break; // later arches cannot change which manifest lists the image
        }
      }
      return out;
    }
    List<CompletableFuture<ManifestEvidence>> futures = new ArrayList<>(arches.size());
    List<String> urls = new ArrayList<>(arches.size());
    for (String arch : arches) {
      ManifestRequest request = request(version, variant, arch, verifier);
      urls.add(request.url());
      futures.add(context.manifests().get(request));
    }
    if (started != null) {
      int before = started.size();
      for (CompletableFuture<ManifestEvidence> f : futures) {
        if (!f.isDone()) {
          started.add(f);
        }
      }
      if (started.size() > before) {
        return null; // the caller waits for these without holding a thread, then judges again
      }
    }
    for (int i = 0; i < futures.size(); i++) {
      out.add(await(futures.get(i), urls.get(i), deadline));
    }
    return out;
  }

  /**
   * Completes when the manifest of arch {@code index} is in and, unless it lists {@code digest},
   * the later arches' are too, fetched one after another as each earlier one turns out not to
   * list it. Never completes exceptionally (the cache's futures do not).
   */
  private CompletableFuture<ManifestEvidence> settled(CompletableFuture<ManifestEvidence> current, int index, String version,
      String variant, String digest, BundleVerifier verifier) {
    List<String> arches = policy.arches();
    return current.thenCompose(e -> {
      if (lists(e, digest) || index + 1 >= arches.size()) {
        return CompletableFuture.completedFuture(e);
      }
      CompletableFuture<ManifestEvidence> next =
          context.manifests().get(request(version, variant, arches.get(index + 1), verifier));
      return settled(next, index + 1, version, variant, digest, verifier);
    });
  }

  private ManifestRequest request(String version, String variant, String arch, BundleVerifier verifier) {
    ReleaseCoordinates at = new ReleaseCoordinates(version, variant, arch);
    return new ManifestRequest(policy.manifests().manifestUrl(at), at, policy.manifests().signer().resolve(at), verifier);
  }

  private static boolean lists(ManifestEvidence evidence, String digest) {
    return evidence instanceof ManifestEvidence.Verified v && v.manifest().artifactWithSha256(digest).isPresent();
  }

  private ManifestEvidence await(CompletableFuture<ManifestEvidence> future, String url, Instant deadline) {
    ManifestEvidence done = future.getNow(null);
    if (done != null) {
      return done;
    }
    long nanos = Duration.between(context.clock().instant(), deadline).toNanos();
    try {
      return future.get(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return new ManifestEvidence.Failed(url, Reason.TIMEOUT,
          "release manifest " + url + " was not fetched and verified before the admission deadline");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ManifestEvidence.Failed(url, Reason.TIMEOUT, "interrupted while fetching " + url);
    } catch (ExecutionException e) {
      return new ManifestEvidence.Failed(url, Reason.MANIFEST_UNAVAILABLE,
          "release manifest " + url + " could not be checked: " + e.getCause());
    }
  }

  private static final int INTEGRITY = 2;

  private static List<ManifestEvidence.Failed> failures(List<ManifestEvidence> evidence) {
    List<ManifestEvidence.Failed> out = new ArrayList<>();
    for (ManifestEvidence e : evidence) {
      if (e instanceof ManifestEvidence.Failed f) {
        out.add(f);
      }
    }
    return out;
  }

  /** Integrity failures say more than absence: a tampered manifest beats a missing arch. */
  private static ManifestEvidence.Failed mostTelling(List<ManifestEvidence.Failed> failures) {
    ManifestEvidence.Failed best = null;
    for (ManifestEvidence.Failed f : failures) {
      if (best == null || rank(f.reason()) > rank(best.reason())) {
        best = f;
      }
    }
    return best;
  }

  private static int rank(Reason r) {
    return switch (r) {
      case MANIFEST_UNAVAILABLE -> 0;
      case TIMEOUT -> 1;
      default -> INTEGRITY;
    };
  }

  private String digestNotFound(
      String digest, String version, String variant, List<ManifestEvidence> evidence) {
    StringBuilder sb = new StringBuilder("digest sha256:").append(digest)
        .append(" is not listed in the verified release manifests of ")
        .append(version).append(' ').append(variant).append(" (policy ").append(policy.name()).append(')');
    List<String> missing = new ArrayList<>();
    for (ManifestEvidence e : evidence) {
      if (e instanceof ManifestEvidence.Failed f) {
        missing.add(f.message());
      }
    }
    if (!missing.isEmpty()) {
      sb.append("; not checked: ").append(String.join("; ", missing));
    }
    return sb.toString();
  }

  private RevocationState revocationState() {
    return context.revocations().holderFor(policy.name()).map(h -> h.state()).orElse(RevocationState.initial());
  }

  /**
   * When no verified manifest fixes the architecture, every architecture of the policy whose
   * (version, variant, arch) is recalled is reported: this only ever adds to a denial (or, with
   * hashVerify skipped or requireDigest false, denies what might be the recalled build).
   */
  private void recallsOfEveryArch(String version, String variant) {
    for (String arch : policy.arches()) {
      recall(version, variant, arch);
    }
  }

  /** A recall applies even when the list is stale: staleness only adds its own finding. */
  private void recall(String version, String variant, String arch) {
    if (policy.revocations().isEmpty()) {
      return;
    }
    Optional<Revocation> recall = revocationState().recallFor(version, variant, arch);
    if (recall.isPresent()) {
      Revocation r = recall.get();
      deny(Reason.RECALLED, "recalled by policy " + policy.name() + ": " + DisplayText.reason(r.reason()) + " ("
          + r.version() + " " + r.variant() + "/" + r.arch()
          + (r.revokedAt() == null ? "" : ", revoked " + r.revokedAt()) + ")");
    }
  }

  private void judgeFreshness(RevocationRule rule, Instant now) {
    RevocationState state = revocationState();
    if (state.fresh(now, rule.maxStaleness())) {
      return;
    }
    Reason reason;
    String text;
    if (state.loaded()) {
      reason = Reason.REVOCATION_LIST_STALE;
      text = "revocation list of policy " + policy.name() + " was last verified at " + state.lastSuccessAt()
          + ", longer ago than maxStaleness " + GoDuration.format(rule.maxStaleness())
          + (state.lastError() == null ? "" : "; last refresh: " + state.lastError());
    } else if (state.rolledBack()) {
      reason = Reason.REVOCATION_LIST_ROLLBACK;
      text = "no revocation list at least as new as the accepted one is verified for policy " + policy.name()
          + ": " + state.lastError();
    } else if (state.lastFailure() == RevocationState.RefreshFailure.INVALID) {
      reason = Reason.REVOCATION_LIST_INVALID;
      text = "no verified revocation list for policy " + policy.name() + ": " + state.lastError();
    } else if (state.floor().isPresent()) {
      reason = Reason.REVOCATION_LIST_STALE;
      text = "no revocation list at least as new as the accepted " + state.floor().get().describe()
          + " is verified yet for policy " + policy.name()
          + (state.lastError() == null ? "" : ": " + state.lastError());
    } else {
      reason = Reason.REVOCATION_LIST_STALE;
      text = "no revocation list loaded yet for policy " + policy.name()
          + (state.lastError() == null ? "" : ": " + state.lastError());
    }
    if (rule.onStale() == StaleAction.Deny) {
      deny(reason, text);
    } else {
      warn(reason, text + " (admitted: onStale is Warn)");
    }
  }

  private void escapeHatchWarnings() {
    var hatches = context.hatches();
    if (policy.skipCosignVerify() || hatches.skipCosignVerify()) {
      warn(Reason.ESCAPE_HATCH, "signature checks skipped by "
          + (policy.skipCosignVerify() ? "spec.skip.cosignVerify of policy " + policy.name()
              : EscapeHatches.SKIP_COSIGN_ENV + "=1"));
    }
    if (policy.skipHashVerify() || hatches.skipHashVerify()) {
      warn(Reason.ESCAPE_HATCH, "digest-in-manifest check skipped by "
          + (policy.skipHashVerify() ? "spec.skip.hashVerify of policy " + policy.name()
              : EscapeHatches.SKIP_HASH_ENV + "=1"));
    }
  }

  private static String coordinates(ManifestEvidence.Verified v) {
    return v.manifest().version() + " " + v.manifest().variant() + "/" + v.manifest().arch();
  }

  private void deny(Reason reason, String message) {
    findings.add(new Finding(reason, Finding.Level.DENY, occurrence.fieldPath(), occurrence.image(),
        policy.name(), message));
  }

  private void warn(Reason reason, String message) {
    findings.add(new Finding(reason, Finding.Level.WARN, occurrence.fieldPath(), occurrence.image(),
        policy.name(), message));
  }
}
