package io.trustgate.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.trustgate.cli.audit.ClusterPolicies;
import io.trustgate.cli.audit.ClusterWorkloads;
import io.trustgate.core.decision.VerifierProvider;
import io.trustgate.core.evidence.EvidenceChain;
import io.trustgate.core.evidence.EvidenceSource;
import io.trustgate.core.evidence.HttpEvidenceConfig;
import io.trustgate.core.evidence.HttpEvidenceSource;
import io.trustgate.core.evidence.MirrorConfigMap;
import io.trustgate.core.evidence.MirrorEvidenceSource;
import io.trustgate.core.policy.GoDuration;
import io.trustgate.core.revocation.RevocationFloor;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.workload.ImageExtraction;
import io.trustgate.kube.ClusterCheck;
import io.trustgate.kube.evidence.ConfigMapMirror;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Judges what runs in a cluster against the cluster's own TrustPolicies, as {@code check} judges files. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:everything allowed",
      "1:something denied (recalled, expired, unsigned, not in a manifest, ...)",
      "2:usage or input error (no cluster, bad flag, no TrustPolicy in the cluster)",
      "3:could not decide: nothing was denied, but evidence was unavailable"
    },
    description = {
      "Judge every workload running in a cluster against the cluster's TrustPolicies, as the webhook would,",
      "and print the same report as check. Each running Pod is counted under its top-level workload",
      "(Deployment, StatefulSet, DaemonSet, CronJob, ...) and each distinct set of images once; workloads",
      "with no running Pod are judged by their pod template. Evidence comes from --mirror DIR, else the",
      "cluster's mirror ConfigMaps, then the network (not with --offline)."
    })
final class AuditCommand implements Callable<Integer> {
  private static final Duration MIRROR_SYNC = Duration.ofSeconds(15);

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig (default: $KUBECONFIG, ~/.kube/config or in-cluster credentials)")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: the current context)")
  String context;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "judge workloads of this namespace only (default: all namespaces)")
  String namespace;

  @Mixin TrustRootOption trustRoot;

  @Option(names = "--mirror", paramLabel = "DIR", description = "read manifests, bundles and revocation lists from DIR only (as check --mirror)")
  Path mirror;

  @Option(names = "--mirror-namespace", defaultValue = "trustgate-system", paramLabel = "NS", description = "namespace of the cluster's mirror ConfigMaps, read before the network (default: ${DEFAULT-VALUE})")
  String mirrorNamespace;

  @Option(names = "--offline", description = "never fetch evidence over the network: mirror ConfigMaps (or --mirror) only")
  boolean offline;

  @Mixin RevocationStateOption revocationState;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text, json or junit (default: ${DEFAULT-VALUE})")
  CheckCommand.Format output;

  @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION", description = "deadline per workload (default: ${DEFAULT-VALUE})")
  String timeout;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Clock clock = Clock.systemUTC();
  Map<String, String> environment = System.getenv();
  boolean interactive = System.console() != null;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration budget = Judgement.budget(timeout);
    try (KubernetesClient client = client()) {
      ClusterCheck.unreachable(client).ifPresent(why -> {
        throw new InputException(why);
      });
      ClusterPolicies policies;
      List<ImageExtraction> workloads;
      try {
        policies = ClusterPolicies.read(client, err);
        workloads = new ClusterWorkloads(client, Optional.ofNullable(namespace)).list();
      } catch (KubernetesClientException e) {
        throw new InputException("cannot read the cluster: " + describe(e));
      }
      if (policies.compiled().isEmpty()) {
        throw new InputException("no usable TrustPolicy in the cluster (kubectl get trustpolicies)");
      }
      if (workloads.isEmpty()) {
        throw new InputException("no running workload found in " + (namespace == null ? "the cluster" : "namespace " + namespace));
      }
      Map<String, RevocationFloor> floors = revocationState.read();
      policies.floors().forEach(f -> floors.merge(f.url(), f, RevocationStateFile::higher));
      Judgement judgement = new Judgement(clock, environment, interactive);
      VerifierProvider verifiers = trustRoot.given()
          ? VerifierProvider.fixed(trustRoot.verifier())
          : policies.verifiers(publicGood(judgement, err), err);
      try (ConfigMapMirror clusterMirror = clusterMirror(client, err)) {
        EvidenceSource evidence = evidence(clusterMirror);
        return judgement.run(new Judgement.Inputs(workloads, policies.compiled(), floors, verifiers, evidence,
            mirror != null || offline, budget, timeout), revocationState, output, out, err);
      }
    }
  }

  /** The public-good root only when a policy names it, fetched once. */
  private Supplier<BundleVerifier> publicGood(Judgement judgement, PrintWriter err) {
    BundleVerifier[] once = new BundleVerifier[1];
    return () -> {
      synchronized (once) {
        if (once[0] == null) {
          judgement.waitingFor(err, "the Sigstore public-good trust root (TUF, tuf-repo-cdn.sigstore.dev)");
          once[0] = trustRoot.verifier();
        }
        return once[0];
      }
    };
  }

  private EvidenceSource evidence(ConfigMapMirror clusterMirror) {
    if (mirror != null) {
      if (!Files.isDirectory(mirror)) {
        throw new InputException("--mirror " + mirror + " is not a directory");
      }
      return new MirrorEvidenceSource(mirror);
    }
    if (clusterMirror == null) {
      return offline ? url -> new io.trustgate.core.evidence.FetchResult.Failed(url, "--offline and no readable mirror ConfigMap") : http();
    }
    return offline ? clusterMirror : new EvidenceChain(clusterMirror, http());
  }

  private static EvidenceSource http() {
    return new HttpEvidenceSource(HttpEvidenceConfig.defaults());
  }

  /** The mirror ConfigMaps the webhook reads, when this user may read them; null otherwise. */
  private ConfigMapMirror clusterMirror(KubernetesClient client, PrintWriter err) {
    if (mirror != null) {
      return null;
    }
    try {
      client.configMaps().inNamespace(mirrorNamespace).withLabel(MirrorConfigMap.LABEL, "true").list();
    } catch (KubernetesClientException e) {
      err.println("warning: mirror ConfigMaps in " + mirrorNamespace + " are not readable (" + describe(e) + ")"
          + (offline ? "" : "; evidence comes from the network only"));
      return null;
    }
    ConfigMapMirror m = new ConfigMapMirror(client, mirrorNamespace);
    m.start();
    if (!m.awaitSynced(MIRROR_SYNC)) {
      err.println("warning: mirror ConfigMaps in " + mirrorNamespace + " not loaded within " + GoDuration.format(MIRROR_SYNC));
    }
    return m;
  }

  private KubernetesClient client() {
    Optional<String> missing = ClusterCheck.missingConfiguration(Optional.ofNullable(kubeconfig), environment,
        Path.of(System.getProperty("user.home")));
    if (missing.isPresent()) {
      throw new InputException(missing.get());
    }
    Config config;
    if (kubeconfig != null) {
      String text;
      try {
        text = Files.readString(kubeconfig);
      } catch (IOException e) {
        throw new InputException("cannot read --kubeconfig " + kubeconfig + ": " + e.getMessage());
      }
      config = Config.fromKubeconfig(context, text, kubeconfig.toString());
    } else {
      config = Config.autoConfigure(context);
    }
    if (context != null && config.getCurrentContext() != null
        && !context.equals(config.getCurrentContext().getName())) {
      throw new InputException("context " + context + " is not in the kubeconfig");
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String describe(KubernetesClientException e) {
    return e.getCode() == 403 ? "forbidden: " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage())
        : e.getMessage();
  }
}
