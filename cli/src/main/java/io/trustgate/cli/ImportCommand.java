package io.trustgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.trustgate.core.evidence.MirrorConfigMap;
import io.trustgate.core.format.FormatException;
import io.trustgate.core.manifest.ReleaseManifest;
import io.trustgate.core.manifest.ReleaseManifestParser;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.ReleaseCoordinates;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.policy.TrustRootRef;
import io.trustgate.core.format.Sha256;
import io.trustgate.core.revocation.AcceptedList;
import io.trustgate.core.revocation.RevocationFloor;
import io.trustgate.core.revocation.RevocationList;
import io.trustgate.core.revocation.RevocationListParser;
import io.trustgate.core.sigstore.BundleVerifier;
import io.trustgate.core.sigstore.FailureAdvice;
import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import io.trustgate.core.sigstore.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Turns a signed release manifest or revocation list into a mirror ConfigMap for air-gapped
 * clusters, after verifying it exactly as the webhook will: nothing unverifiable gets in.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified; the ConfigMap is printed",
      "1:refused: not verified, not a manifest or revocation list, or no policy fetches it from --url",
      "2:usage or input error (missing file, invalid policy, bad flag)",
      "3:the trust root could not be fetched (offline? use --trusted-root)"
    },
    description = {
      "Verify a signed manifest or revocation list and print a mirror ConfigMap for it.",
      "The document and its bundle are verified as a TrustPolicy would; the ConfigMap holding",
      "both is printed for `kubectl apply -f -`. The webhook serves it for --url (and",
      "--url.bundle) instead of fetching from the network."
    })
final class ImportCommand implements Callable<Integer> {
  private static final ObjectMapper YAML = new ObjectMapper(
      YAMLFactory.builder().disable(YAMLGenerator.Feature.SPLIT_LINES).build());

  @Parameters(index = "0", paramLabel = "DOCUMENT", description = "release manifest or revocation list (JSON)")
  Path document;

  @Option(names = "--url", required = true, paramLabel = "URL",
      description = "the URL the policy fetches DOCUMENT from (placeholders substituted)")
  String url;

  @Option(names = "--bundle", paramLabel = "BUNDLE", description = "Sigstore or legacy cosign bundle. Default: DOCUMENT.bundle")
  Path bundle;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Signer signer;

  @Mixin TrustRootOption trustRoot;

  @Option(names = "--namespace", defaultValue = MirrorConfigMap.DEFAULT_NAMESPACE, paramLabel = "NS",
      description = "namespace the webhook reads mirror ConfigMaps from (default: ${DEFAULT-VALUE})")
  String namespace;

  @Mixin RevocationStateOption revocationState;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Clock clock = Clock.systemUTC();

  static final class Signer {
    @ArgGroup(exclusive = false)
    FromPolicy policy;

    @ArgGroup(exclusive = false)
    Explicit explicit;
  }

  static final class FromPolicy {
    @Option(names = {"--policy", "-p"}, required = true, paramLabel = "FILE",
        description = "TrustPolicy YAML file or directory (repeatable): verify with its signers")
    List<Path> paths;

    @Option(names = "--policy-name", paramLabel = "NAME", description = "which policy to use when the files hold several")
    String name;
  }

  static final class Explicit {
    @Option(names = "--certificate-identity", required = true, paramLabel = "ID",
        description = "exact certificate identity (SAN) of the signer")
    String identity;

    @Option(names = "--certificate-oidc-issuer", required = true, paramLabel = "URL",
        description = "exact OIDC issuer of the signer")
    String issuer;
  }

  /** What DOCUMENT turned out to be, and the signer(s) it must carry. */
  private record Expectation(String what, List<Named> signers) {}

  private record Named(String source, SignerIdentity signer) {}

  /** A document that must not be imported: exit 1, like a failed verification. */
  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return importDocument(spec.commandLine().getOut(), err);
    } catch (Refusal r) {
      err.println("error: refusing to import " + document + ": " + r.getMessage());
      return Main.REJECTED;
    }
  }

  private int importDocument(PrintWriter out, PrintWriter err) {
    byte[] bytes = InputFiles.read(document, "document");
    Path bundlePath = bundle != null ? bundle : Path.of(document + ".bundle");
    byte[] bundleBytes = InputFiles.read(bundlePath, "bundle");

    ReleaseManifest manifest = null;
    RevocationList list = null;
    String manifestProblem = null;
    String listProblem = null;
    try {
      manifest = ReleaseManifestParser.parse(bytes);
    } catch (FormatException e) {
      manifestProblem = e.getMessage();
    }
    try {
      list = RevocationListParser.parse(bytes);
    } catch (FormatException e) {
      listProblem = e.getMessage();
    }
    if ((manifest == null) == (list == null)) {
      err.println("error: refusing to import " + document + ": " + (manifest == null
          ? "it is neither a release manifest (" + manifestProblem + ") nor a revocation list (" + listProblem + ")"
          : "it reads both as a release manifest and as a revocation list"));
      return Main.REJECTED;
    }
    Expectation expected = manifest != null ? forManifest(manifest, err) : forList(list, err);

    BundleVerifier verifier = trustRoot.verifier();
    for (Named n : expected.signers()) {
      Verification v = verifier.verify(bytes, bundleBytes, n.signer());
      if (!v.verified()) {
        err.println("error: refusing to import " + expected.what() + ": " + v.failure() + ": "
            + FailureAdvice.explain(v, new FailureAdvice.SignedFile(
                "file", document.toString(), bundlePath.toString(), null, "the expected signer (" + n.source() + ")")));
        err.println("  expected signer (" + n.source() + "): " + n.signer().describe());
        return Main.REJECTED;
      }
      err.println("Verified OK: " + expected.what() + " signed by " + v.signerIdentity() + " (issuer "
          + v.signerIssuer() + ", logged " + v.integratedTime() + ", " + n.source() + ")");
    }
    if (list != null && !boundedByState(list, bytes, err)) {
      return Main.REJECTED;
    }
    if (manifest != null && manifest.expiredAt(clock.instant())) {
      err.println("warning: the manifest expired at " + manifest.notAfter()
          + "; policies with expiry: Enforce deny its images");
    }
    out.print(configMapYaml(url, namespace, bytes, bundleBytes));
    out.flush();
    return Main.OK;
  }

  /**
   * With --revocation-state: refuses a verified list that goes back from the accepted one for
   * --url and, with --update-revocation-state, records a newer one.
   */
  private boolean boundedByState(RevocationList list, byte[] bytes, PrintWriter err) {
    Map<String, RevocationFloor> floors = revocationState.read();
    RevocationFloor floor = floors.get(url);
    if (floor != null) {
      Optional<String> back = floor.refuses(list);
      if (back.isPresent()) {
        err.println("error: refusing to import revocation list: it goes back from the accepted "
            + floor.describe() + " in " + revocationState.file + ": " + back.get());
        return false;
      }
    }
    AcceptedList accepted = new AcceptedList(list, Sha256.hex(bytes), clock.instant(), false);
    if (floor == null || !Sha256.hex(bytes).equals(floor.sha256())) {
      floors.put(url, RevocationFloor.of(url, accepted));
    }
    if (revocationState.save(floors)) {
      err.println("revocation state written to " + revocationState.file);
    }
    return true;
  }

  private Expectation forManifest(ReleaseManifest manifest, PrintWriter err) {
    ReleaseCoordinates at = new ReleaseCoordinates(manifest.version(), manifest.variant(), manifest.arch());
    String what = "release manifest " + at;
    if (signer.explicit != null) {
      return new Expectation(what, List.of(explicitSigner()));
    }
    List<CompiledPolicy> governing = policies(err).stream()
        .filter(p -> p.images().stream().anyMatch(s -> s.variant().equals(manifest.variant())))
        .filter(p -> p.arches().contains(manifest.arch()))
        .toList();
    if (governing.isEmpty()) {
      throw new Refusal("no policy" + nameClause() + " governs variant " + manifest.variant()
          + " on " + manifest.arch());
    }
    List<Named> signers = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (CompiledPolicy p : governing) {
      String expectedUrl = p.manifests().manifestUrl(at);
      if (expectedUrl.equals(url)) {
        signers.add(new Named("policy " + p.name(), p.manifests().signer().resolve(at)));
      } else {
        elsewhere.add("policy " + p.name() + " fetches it from " + expectedUrl);
      }
    }
    return new Expectation(what, requireSome(signers, elsewhere, what));
  }

  private Expectation forList(RevocationList list, PrintWriter err) {
    String what = "revocation list (" + list.revocations().size() + " recall(s)"
        + list.sequence().map(s -> ", sequence " + s).orElse("") + ")";
    if (signer.explicit != null) {
      return new Expectation(what, List.of(explicitSigner()));
    }
    List<Named> signers = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (CompiledPolicy p : policies(err)) {
      if (p.revocations().isEmpty()) {
        continue;
      }
      RevocationRule rule = p.revocations().get();
      if (rule.url().equals(url)) {
        signers.add(new Named("policy " + p.name(), rule.signer()));
      } else {
        elsewhere.add("policy " + p.name() + " fetches its list from " + rule.url());
      }
    }
    if (signers.isEmpty() && elsewhere.isEmpty()) {
      throw new Refusal("no policy" + nameClause() + " has a revocation list");
    }
    return new Expectation(what, requireSome(signers, elsewhere, what));
  }

  /** A mirror entry no policy would ask for is a mistake worth stopping for. */
  private List<Named> requireSome(List<Named> signers, List<String> elsewhere, String what) {
    if (signers.isEmpty()) {
      throw new Refusal("no policy fetches this " + what + " from " + url + ": "
          + String.join("; ", elsewhere));
    }
    return signers;
  }

  private Named explicitSigner() {
    try {
      return new Named("--certificate-identity",
          new SignerIdentity(IdentityMatcher.exact(signer.explicit.issuer), IdentityMatcher.exact(signer.explicit.identity)));
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  private List<CompiledPolicy> policies(PrintWriter err) {
    PolicyOptions options = new PolicyOptions();
    options.paths = signer.policy.paths;
    List<CompiledPolicy> all = options.compile(err).stream()
        .filter(p -> signer.policy.name == null || p.name().equals(signer.policy.name))
        .toList();
    if (all.isEmpty()) {
      throw new InputException("no policy named " + signer.policy.name + " in " + signer.policy.paths);
    }
    for (CompiledPolicy p : all) {
      if (!trustRoot.given() && p.trustRoot() instanceof TrustRootRef.ConfigMap cm) {
        throw new InputException("policy " + p.name() + " uses trustRoot " + cm
            + ", which only exists in a cluster; pass the same trusted_root.json with --trusted-root FILE");
      }
    }
    return all;
  }

  private String nameClause() {
    return signer.policy.name == null ? "" : " named " + signer.policy.name;
  }

  /** The mirror ConfigMap ({@link MirrorConfigMap}) as YAML; base64 keeps every byte as signed. */
  static String configMapYaml(String url, String namespace, byte[] document, byte[] bundle) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", MirrorConfigMap.nameFor(url));
    metadata.put("namespace", namespace);
    metadata.put("labels", Map.of(MirrorConfigMap.LABEL, "true"));
    metadata.put("annotations", Map.of(MirrorConfigMap.URL_ANNOTATION, url));
    Map<String, Object> binaryData = new LinkedHashMap<>();
    binaryData.put(MirrorConfigMap.DOCUMENT_KEY, Base64.getEncoder().encodeToString(document));
    binaryData.put(MirrorConfigMap.BUNDLE_KEY, Base64.getEncoder().encodeToString(bundle));
    Map<String, Object> configMap = new LinkedHashMap<>();
    configMap.put("apiVersion", "v1");
    configMap.put("kind", "ConfigMap");
    configMap.put("metadata", metadata);
    configMap.put("binaryData", binaryData);
    try {
      return YAML.writeValueAsString(configMap);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }
}
