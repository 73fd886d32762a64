package io.trustgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustgate.core.decision.DecisionEngine;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.evidence.MirrorEvidenceSource;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.revocation.RevocationFloor;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.core.workload.MalformedDocumentException;
import io.trustgate.core.workload.WorkloadDocuments;
import io.trustgate.core.workload.WorkloadImages;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Judges every Pod and pod-template workload of a YAML file exactly as the webhook would. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:everything allowed",
      "1:something denied (recalled, expired, unsigned, not in a manifest, ...)",
      "2:usage or input error (missing file, malformed YAML, invalid policy, bad flag)",
      "3:could not decide: nothing was denied, but evidence was unavailable",
      "  (manifest or revocation list unreachable, deadline passed, trust root not fetched)"
    },
    description = {
      "Judge workloads in a YAML file against TrustPolicies, as the webhook would.",
      "Every Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet,",
      "ReplicationController, Job and CronJob is judged."
    })
final class CheckCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    junit
  }

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "Kubernetes YAML (multi-document; '-' for stdin)")
  Path manifests;

  @Mixin PolicyOptions policyOptions;

  @Mixin TrustRootOption trustRoot;

  @Option(
      names = "--mirror",
      paramLabel = "DIR",
      description = "read manifests, bundles and revocation lists from DIR instead of the network: a URL's path maps to DIR/<path>")
  Path mirror;

  @Mixin RevocationStateOption revocationState;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or junit (JUnit XML for CI test reports) (default: ${DEFAULT-VALUE})")
  Format output;

  @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION", description = "deadline per object (default: ${DEFAULT-VALUE})")
  String timeout;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Clock clock = Clock.systemUTC();
  Map<String, String> environment = System.getenv();
  /** Progress on stderr only for a person at a terminal, never into CI logs or pipes. */
  boolean interactive = System.console() != null;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration budget = Judgement.budget(timeout);
    // A trusted_root.json is parsed and its verifiers built (class loading, mostly) while the
    // workloads and policies are read; its errors still come after theirs.
    CompletableFuture<BundleVerifier> givenRoot = trustRoot.given()
        ? CompletableFuture.supplyAsync(trustRoot::verifier, r -> Judgement.daemonThreads("trustgate-trust-root").newThread(r).start())
        : null;
    List<ImageExtraction> workloads = readWorkloads();
    List<CompiledPolicy> policies = policyOptions.compile(err);
    Map<String, RevocationFloor> floors = revocationState.read();
    policyOptions.floors.forEach((url, f) -> floors.merge(url, f, RevocationStateFile::higher));
    Judgement judgement = new Judgement(clock, environment, interactive);
    if (!trustRoot.given()) {
      judgement.waitingFor(err, "the Sigstore public-good trust root (TUF, " + "tuf-repo-cdn.sigstore.dev)");
    }
    VerifierProvider verifiers = verifiers(policies, givenRoot);
    EvidenceSource source = evidenceSource();
    return judgement.run(new Judgement.Inputs(workloads, policies, floors, verifiers, source, mirror != null, budget,
        timeout), revocationState, output, out, err);
  }

  private List<ImageExtraction> readWorkloads() {
    List<JsonNode> docs;
    try {
      docs = manifests.toString().equals("-")
          ? WorkloadDocuments.readYaml(System.in)
          : WorkloadDocuments.readYaml(requireFile(manifests));
    } catch (MalformedDocumentException e) {
      throw new InputException(e.getMessage());
    } catch (io.trustgate.core.format.InputLimits.TooLargeException e) {
      throw new InputException((manifests.toString().equals("-") ? "standard input" : manifests) + ": " + e.getMessage());
    } catch (java.io.IOException e) {
      throw new InputException("cannot read " + manifests + ": " + e.getMessage());
    }
    List<ImageExtraction> out = new ArrayList<>();
    for (JsonNode doc : docs) {
      ImageExtraction x = WorkloadImages.extract(doc, DecisionEngine.DEFAULT_MAX_IMAGES);
      if (!(x instanceof ImageExtraction.NoPodSpec)) {
        out.add(x);
      }
    }
    if (out.isEmpty()) {
      throw new InputException("no Pod or workload with a pod template found in " + manifests);
    }
    return out;
  }

  private static Path requireFile(Path p) {
    if (!Files.isRegularFile(p)) {
      throw new InputException(p + " does not exist or is not a file");
    }
    return p;
  }

  /** --trusted-root replaces every policy's trustRoot; otherwise public-good is used, and ConfigMaps need a cluster. */
  private VerifierProvider verifiers(List<CompiledPolicy> policies, CompletableFuture<BundleVerifier> givenRoot) {
    if (givenRoot != null) {
      return VerifierProvider.fixed(Judgement.joined(givenRoot));
    }
    for (CompiledPolicy p : policies) {
      if (p.trustRoot() instanceof TrustRootRef.ConfigMap cm) {
        throw new InputException("policy " + p.name() + " uses trustRoot " + cm
            + ", which only exists in a cluster; pass the same trusted_root.json with --trusted-root FILE");
      }
    }
    BundleVerifier publicGood = trustRoot.verifier();
    return root -> Optional.of(publicGood);
  }

  private EvidenceSource evidenceSource() {
    if (mirror == null) {
      return new HttpEvidenceSource(HttpEvidenceConfig.defaults());
    }
    if (!Files.isDirectory(mirror)) {
      throw new InputException("--mirror " + mirror + " is not a directory");
    }
    return new MirrorEvidenceSource(mirror);
  }
}
