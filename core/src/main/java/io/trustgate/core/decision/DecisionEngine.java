package io.trustgate.core.decision;

import io.trustgate.core.image.ImageRef;
import io.trustgate.core.image.InvalidImageReferenceException;
import io.trustgate.core.policy.BrokenPolicy;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.CompiledSelector;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.ImageOccurrence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Judges image occurrences against a fixed set of compiled policies. An image governed by no
 * policy is allowed; one governed by several must pass all of them. Immutable and thread-safe:
 * build a new engine when policies change (caches live in the context and are shared).
 */
public final class DecisionEngine {
  /** Most image occurrences judged in one object; more is denied TOO_MANY_IMAGES. */
  public static final int DEFAULT_MAX_IMAGES = 256;

  private static final java.util.Comparator<Finding> RECALL_FIRST =
      java.util.Comparator.comparing(f -> f.reason() != Reason.RECALLED);

  private final List<CompiledPolicy> policies;
  private final PolicyIndex index;
  private final List<BrokenPolicy> broken;
  private final DecisionContext context;

  public DecisionEngine(List<CompiledPolicy> policies, DecisionContext context) {
    this(policies, List.of(), context);
  }

  /** @param broken policies that do not compile: images they name are denied POLICY_INVALID */
  public DecisionEngine(List<CompiledPolicy> policies, List<BrokenPolicy> broken, DecisionContext context) {
    this.policies = List.copyOf(policies);
    this.index = new PolicyIndex(this.policies);
    this.broken = List.copyOf(broken);
    this.context = context;
  }

  public List<BrokenPolicy> brokenPolicies() {
    return broken;
  }

  public List<CompiledPolicy> policies() {
    return policies;
  }

  public DecisionContext context() {
    return context;
  }

  /**
   * Judges every occurrence; work not done by {@code deadline} becomes a TIMEOUT finding. Every
   * fetch the object needs is started before any is waited for, so the images of one object
   * wait for their evidence in parallel, not one after another.
   */
  public Decision decide(List<ImageOccurrence> images, Instant deadline) {
    List<CompletableFuture<?>> pending = new ArrayList<>();
    List<ImageVerdict> verdicts = new ArrayList<>(images.size());
    for (ImageOccurrence occurrence : images) {
      verdicts.add(judge(occurrence, deadline, pending));
    }
    if (pending.isEmpty()) {
      return new Decision(verdicts, List.of());
    }
    verdicts.clear();
    for (ImageOccurrence occurrence : images) {
      verdicts.add(judge(occurrence, deadline));
    }
    return new Decision(verdicts, List.of());
  }

  /**
   * Judges one object as extracted: its images, or a denial of the whole object when it lists
   * more images than the caller's limit. Objects without a pod spec are allowed as they are.
   */
  public Decision decide(ImageExtraction extraction, Instant deadline) {
    if (extraction instanceof ImageExtraction.Extracted e) {
      return decide(e.workload().images(), deadline);
    }
    if (extraction instanceof ImageExtraction.TooManyImages t) {
      Finding tooMany =
          new Finding(Reason.TOO_MANY_IMAGES, Finding.Level.DENY, "spec", t.kind() + " " + t.name(), null,
              t.message() + "; trustgate does not judge partial objects");
      return new Decision(List.of(), List.of(tooMany));
    }
    return new Decision(List.of(), List.of());
  }

  /**
   * Starts (or joins) every evidence fetch that judging this object needs and returns the ones
   * not finished yet, without waiting. A server can wait for them asynchronously and then call
   * {@link #decide(ImageExtraction, Instant)}, which finds the evidence done or the deadline
   * passed, so waiting for a slow mirror never holds a thread. Empty when everything is cached.
   */
  public List<CompletableFuture<?>> startEvidence(ImageExtraction extraction) {
    return decideOrStart(extraction, Instant.MAX).pending();
  }

  /**
   * The decision when every piece of evidence it needs is already at hand, made in one pass; or,
   * when some is not, the fetches still running (started or joined here) and no decision. A
   * server decides cached reviews at once this way and waits for the pending fetches without
   * holding a thread before calling {@link #decide(ImageExtraction, Instant)}.
   */
  public Attempt decideOrStart(ImageExtraction extraction, Instant deadline) {
    if (!(extraction instanceof ImageExtraction.Extracted e)) {
      return new Attempt(decide(extraction, deadline), List.of());
    }
    List<CompletableFuture<?>> pending = new ArrayList<>();
    List<ImageVerdict> verdicts = new ArrayList<>(e.workload().images().size());
    for (ImageOccurrence occurrence : e.workload().images()) {
      verdicts.add(judge(occurrence, deadline, pending));
    }
    return pending.isEmpty()
        ? new Attempt(new Decision(verdicts, List.of()), List.of())
        : new Attempt(null, pending);
  }

  /** A decision, or (decision null) the evidence fetches it waits for. */
  public record Attempt(Decision decision, List<CompletableFuture<?>> pending) {}

  public ImageVerdict judge(ImageOccurrence occurrence, Instant deadline) {
    return judge(occurrence, deadline, null);
  }

  /** With {@code pending} set, never waits: unfinished fetches are added to it instead. */
  private ImageVerdict judge(ImageOccurrence occurrence, Instant deadline, List<CompletableFuture<?>> pending) {
    ImageRef ref;
    try {
      ref = ImageRef.parse(occurrence.image());
    } catch (InvalidImageReferenceException e) {
      Finding invalid =
          new Finding(
              Reason.INVALID_IMAGE_REF,
              Finding.Level.DENY,
              occurrence.fieldPath(),
              occurrence.image(),
              null,
              "not a valid image reference: " + e.getMessage());
      return new ImageVerdict(occurrence, List.of(invalid), List.of(), List.of());
    }
    List<Finding> findings = new ArrayList<>(2);
    List<String> governing = new ArrayList<>(1);
    List<String> notes = new ArrayList<>(1);
    for (BrokenPolicy b : broken) {
      if (b.governs(ref)) {
        governing.add(b.name());
        findings.add(new Finding(Reason.POLICY_INVALID, Finding.Level.DENY, occurrence.fieldPath(),
            occurrence.image(), b.name(), "governed by policy " + b.name()
                + ", which is invalid and denies everything it names until fixed: " + b.summary()));
      }
    }
    for (CompiledPolicy policy : index.candidates(ref)) {
      Optional<CompiledSelector> selector = policy.selectorFor(ref);
      if (selector.isEmpty()) {
        continue;
      }
      governing.add(policy.name());
      List<Finding> raised = new ArrayList<>(2);
      PolicyJudge judge = new PolicyJudge(policy, context);
      if (pending == null) {
        judge.judge(occurrence, ref, selector.get(), deadline, raised, notes);
      } else {
        judge.judgeOrStart(occurrence, ref, selector.get(), deadline, raised, notes, pending);
      }
      if (policy.mode() == io.trustgate.api.v1alpha1.PolicyMode.Warn) {
        raised.replaceAll(Finding::asWarning);
      }
      findings.addAll(raised);
    }
    // Recall first: it is the one finding whose fix (the publisher's upgrade advice) is quoted.
    findings.sort(RECALL_FIRST);
    return new ImageVerdict(occurrence, findings, governing, notes);
  }
}
