package io.trustgate.core.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.trustgate.api.v1alpha1.Arch;
import io.trustgate.api.v1alpha1.ConfigMapKeyRef;
import io.trustgate.api.v1alpha1.ImageSelector;
import io.trustgate.api.v1alpha1.PolicyMode;
import io.trustgate.api.v1alpha1.RevocationSource;
import io.trustgate.api.v1alpha1.Signer;
import io.trustgate.api.v1alpha1.StaleAction;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.api.v1alpha1.TrustRoot;
import io.trustgate.core.evidence.LinkLocalHosts;
import io.trustgate.core.image.ImageGlob;
import io.trustgate.core.sigstore.IdentityMatcher;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * TrustPolicy spec → {@link CompiledPolicy}, or every problem found, each with its field path.
 * The webhook, the operator and the CLI all use this one compiler.
 */
public final class PolicyCompiler {
  static final Duration DEFAULT_REFRESH = Duration.ofHours(24);
  static final Duration DEFAULT_MAX_STALENESS = Duration.ofHours(168);
  private static final ReleaseCoordinates SAMPLE = new ReleaseCoordinates("0.0.0", "dev", "x86_64");
  private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)\\}");
  private static final Set<String> KNOWN_PLACEHOLDERS = Set.of("version", "variant", "arch");

  private final List<PolicyProblem> problems = new ArrayList<>();
  private final List<String> lints = new ArrayList<>();

  private PolicyCompiler() {}

  public static PolicyCompilation compile(String name, TrustPolicySpec spec) {
    return new PolicyCompiler().run(name, spec);
  }

  private PolicyCompilation run(String name, TrustPolicySpec spec) {
    if (spec == null) {
      problem("spec", "is required");
      return done(null);
    }
    List<CompiledSelector> images = images(spec.images);
    Pattern versionFromTag = versionFromTag(spec.versionFromTag);
    List<String> arches = arches(spec.arches);
    ManifestRule manifests = manifests(spec);
    Optional<RevocationRule> revocations = revocations(spec, manifests);
    TrustRootRef root = trustRoot(spec.trustRoot);
    if (!problems.isEmpty()) {
      return done(null);
    }
    boolean skipHash = spec.skip != null && Boolean.TRUE.equals(spec.skip.hashVerify);
    boolean skipCosign = spec.skip != null && Boolean.TRUE.equals(spec.skip.cosignVerify);
    return done(
        new CompiledPolicy(
            name,
            spec.mode == null ? PolicyMode.Enforce : spec.mode,
            images,
            versionFromTag,
            arches,
            manifests,
            revocations,
            root,
            spec.requireDigest == null || spec.requireDigest,
            spec.expiry != PolicyMode.Warn,
            skipHash,
            skipCosign,
            lints));
  }

  private PolicyCompilation done(CompiledPolicy policy) {
    return new PolicyCompilation(Optional.ofNullable(policy), problems, lints);
  }

  private List<CompiledSelector> images(List<ImageSelector> selectors) {
    List<CompiledSelector> out = new ArrayList<>();
    if (selectors == null || selectors.isEmpty()) {
      problem("spec.images", "must list at least one image glob");
      return out;
    }
    for (int i = 0; i < selectors.size(); i++) {
      String at = "spec.images[" + i + "]";
      ImageSelector s = selectors.get(i);
      if (s == null) {
        problem(at, "must not be null");
        continue;
      }
      ImageGlob glob = null;
      if (s.glob == null || s.glob.isBlank()) {
        problem(at + ".glob", "is required");
      } else {
        try {
          glob = ImageGlob.compile(s.glob);
        } catch (IllegalArgumentException e) {
          problem(at + ".glob", e.getMessage());
        }
      }
      if (s.variant == null || !VARIANT.matcher(s.variant).matches()) {
        problem(at + ".variant", "must be a lowercase release variant such as dev or builder");
      }
      if (glob != null && s.variant != null) {
        out.add(new CompiledSelector(glob, s.variant));
      }
    }
    return out;
  }

  private Pattern versionFromTag(String regex) {
    String text = regex == null ? TrustPolicySpec.DEFAULT_VERSION_FROM_TAG : regex;
    if (!withinBudget("spec.versionFromTag", text, text)) {
      return null;
    }
    try {
      Pattern p = Pattern.compile(text);
      if (!p.namedGroups().containsKey("version")) {
        problem("spec.versionFromTag", "must have a named group (?P<version>...)");
      }
      return p;
    } catch (PatternSyntaxException e) {
      problem("spec.versionFromTag", IdentityMatcher.invalidRegex(text, e));
      return null;
    }
  }

  private List<String> arches(List<Arch> arches) {
    if (arches == null) {
      return List.of(Arch.x86_64.name(), Arch.aarch64.name());
    }
    if (arches.isEmpty()) {
      problem("spec.arches", "must list at least one architecture (or be omitted)");
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < arches.size(); i++) {
      Arch a = arches.get(i);
      if (a == null) {
        problem("spec.arches[" + i + "]", "must be x86_64 or aarch64");
      } else if (!out.add(a.name())) {
        problem("spec.arches[" + i + "]", a.name() + " is listed twice");
      }
    }
    return List.copyOf(out);
  }

  private ManifestRule manifests(TrustPolicySpec spec) {
    if (spec.manifests == null) {
      problem("spec.manifests", "is required");
      return null;
    }
    String url = url("spec.manifests.url", spec.manifests.url, true);
    if (url != null && !url.contains(ReleaseCoordinates.VERSION)) {
      lints.add(
          "spec.manifests.url has no {version}: every release version would share one manifest");
    }
    SignerTemplate signer = signer("spec.manifests.signer", spec.manifests.signer, true);
    return url == null || signer == null ? null : new ManifestRule(url, signer);
  }

  private Optional<RevocationRule> revocations(TrustPolicySpec spec, ManifestRule manifests) {
    RevocationSource r = spec.revocations;
    if (r == null) {
      return Optional.empty();
    }
    String url = url("spec.revocations.url", r.url, false);
    SignerTemplate signer = signer("spec.revocations.signer", r.signer, false);
    Duration refresh = bounded("spec.revocations.refreshInterval",
        duration("spec.revocations.refreshInterval", r.refreshInterval, DEFAULT_REFRESH),
        PolicyLimits.MIN_REFRESH_INTERVAL, PolicyLimits.MAX_REFRESH_INTERVAL, r.refreshInterval);
    Duration stale = bounded("spec.revocations.maxStaleness",
        duration("spec.revocations.maxStaleness", r.maxStaleness, DEFAULT_MAX_STALENESS),
        PolicyLimits.MIN_REFRESH_INTERVAL, PolicyLimits.MAX_STALENESS, r.maxStaleness);
    if (refresh != null && stale != null && stale.compareTo(refresh) < 0) {
      problem(
          "spec.revocations.maxStaleness",
          "must not be shorter than refreshInterval ("
              + GoDuration.format(stale)
              + " < "
              + GoDuration.format(refresh)
              + ")");
    }
    if (signer != null && manifests != null && signer.sameAs(manifests.signer())) {
      problem(
          "spec.revocations.signer",
          "must differ from spec.manifests.signer: the revocation list and the manifests are"
              + " signed by separate identities so neither can stand in for the other");
    }
    if (url == null || signer == null || refresh == null || stale == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RevocationRule(
            url,
            signer.resolveFixed(),
            refresh,
            stale,
            r.onStale == null ? StaleAction.Deny : r.onStale));
  }

  private String url(String field, String url, boolean placeholdersAllowed) {
    if (url == null || url.isBlank()) {
      problem(field, "is required");
      return null;
    }
    String tooLong = PolicyLimits.lengthProblem(url, PolicyLimits.MAX_URL_LENGTH);
    if (tooLong != null) {
      problem(field, tooLong);
      return null;
    }
    if (!checkPlaceholders(field, url, placeholdersAllowed)) {
      return null;
    }
    try {
      URI uri = new URI(SAMPLE.expand(url));
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
        problem(field, "must be an https:// or http:// URL");
        return null;
      }
      String linkLocal = LinkLocalHosts.problemWith(uri);
      if (linkLocal != null) {
        problem(field, linkLocal);
        return null;
      }
      if (uri.getHost() == null) {
        problem(field, "must name a host");
        return null;
      }
    } catch (URISyntaxException e) {
      problem(field, "is not a valid URL: " + e.getMessage());
      return null;
    }
    return url;
  }

  private SignerTemplate signer(String field, Signer s, boolean placeholdersAllowed) {
    if (s == null) {
      problem(field, "is required");
      return null;
    }
    int before = problems.size();
    if ((s.issuer == null) == (s.issuerRegex == null)) {
      problem(field, "set exactly one of issuer or issuerRegex");
    }
    if ((s.identity == null) == (s.identityRegex == null)) {
      problem(field, "set exactly one of identity or identityRegex");
    }
    if (problems.size() > before) {
      return null;
    }
    String issuerField = field + (s.issuer != null ? ".issuer" : ".issuerRegex");
    String idField = field + (s.identity != null ? ".identity" : ".identityRegex");
    String idText = s.identity != null ? s.identity : s.identityRegex;
    boolean issuerOk = s.issuer != null
        ? withinBudget(issuerField, s.issuer, null)
        : withinBudget(issuerField, s.issuerRegex, s.issuerRegex);
    boolean identityOk = s.identity != null
        ? withinBudget(idField, s.identity, null)
        : withinBudget(idField, s.identityRegex, SAMPLE.expandRegex(s.identityRegex));
    if (!issuerOk || !identityOk) {
      return null;
    }
    IdentityMatcher issuer = null;
    try {
      if (s.issuer != null) {
        issuer = IdentityMatcher.exact(s.issuer);
      } else {
        issuer = IdentityMatcher.fullMatch(s.issuerRegex);
        RegexLint.lint(field + ".issuerRegex", s.issuerRegex).forEach(lints::add);
      }
    } catch (IllegalArgumentException e) {
      problem(issuerField, e.getMessage());
    }
    if (!checkPlaceholders(idField, idText, placeholdersAllowed)) {
      return null;
    }
    try {
      if (s.identity != null) {
        IdentityMatcher.exact(SAMPLE.expand(s.identity));
      } else {
        IdentityMatcher.fullMatch(SAMPLE.expandRegex(s.identityRegex));
        RegexLint.lint(idField, s.identityRegex).forEach(lints::add);
      }
    } catch (IllegalArgumentException e) {
      // The error is about the substituted pattern; the user wrote the template.
      problem(idField, s.identityRegex != null && e.getCause() instanceof PatternSyntaxException syntax
          ? IdentityMatcher.invalidRegex(s.identityRegex, syntax) : e.getMessage());
      return null;
    }
    if (issuer == null) {
      return null;
    }
    return s.identity != null
        ? SignerTemplate.exact(issuer, s.identity)
        : SignerTemplate.regex(issuer, s.identityRegex);
  }

  private boolean checkPlaceholders(String field, String text, boolean allowed) {
    var m = PLACEHOLDER.matcher(text);
    boolean ok = true;
    while (m.find()) {
      String name = m.group(1);
      if (!KNOWN_PLACEHOLDERS.contains(name)) {
        problem(field, "unknown placeholder {" + name + "}; use {version}, {variant} or {arch}");
        ok = false;
      } else if (!allowed) {
        problem(field, "placeholders are not allowed here: the revocation list covers every release");
        ok = false;
      }
    }
    return ok;
  }

  private Duration duration(String field, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      Duration d = GoDuration.parse(text);
      if (d.isZero()) {
        problem(field, "must be greater than zero");
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problem(field, e.getMessage());
      return null;
    }
  }

  private Duration bounded(String field, Duration d, Duration min, Duration max, String written) {
    String problem = d == null ? null : PolicyLimits.durationProblem(d, min, max, written);
    if (problem != null) {
      problem(field, problem);
    }
    return problem == null ? d : null;
  }

  /**
   * Length (as written) and, for regexes, repetition (as compiled, placeholders filled in)
   * bounds, checked before re2j compiles a pattern; false after a problem.
   */
  private boolean withinBudget(String field, String written, String regex) {
    String problem = PolicyLimits.lengthProblem(written, PolicyLimits.MAX_PATTERN_LENGTH);
    if (problem == null && regex != null) {
      problem = RepetitionBudget.problemWith(regex);
    }
    if (problem != null) {
      problem(field, problem);
    }
    return problem == null;
  }

  private TrustRootRef trustRoot(TrustRoot root) {
    if (root == null) {
      return new TrustRootRef.PublicGood();
    }
    if ((root.publicGood == null) == (root.configMapRef == null)) {
      problem("spec.trustRoot", "set exactly one of publicGood or configMapRef");
      return null;
    }
    if (root.publicGood != null) {
      return new TrustRootRef.PublicGood();
    }
    ConfigMapKeyRef ref = root.configMapRef;
    boolean ok = true;
    if (ref.namespace == null || ref.namespace.isBlank()) {
      problem("spec.trustRoot.configMapRef.namespace", "is required");
      ok = false;
    }
    if (ref.name == null || ref.name.isBlank()) {
      problem("spec.trustRoot.configMapRef.name", "is required");
      ok = false;
    }
    String key = ref.key == null || ref.key.isBlank() ? "trusted_root.json" : ref.key;
    return ok ? new TrustRootRef.ConfigMap(ref.namespace, ref.name, key) : null;
  }

  private void problem(String field, String message) {
    problems.add(new PolicyProblem(field, message));
  }
}
