package io.trustgate.operator.registration;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which namespaces the workloads webhook enforces, as the namespaceSelector the API server
 * evaluates. The excluded namespaces (kube-system and trustgate's own by default) are never
 * enforced in any mode, so the control plane and trustgate itself can always start.
 *
 * <ul>
 *   <li>{@code all}: every other namespace;
 *   <li>{@code opt-in}: only namespaces labelled {@code <label>=true} (default label {@value #DEFAULT_OPT_IN_LABEL});
 *   <li>{@code opt-out}: every namespace except those labelled {@code <label>=true} (default {@value #DEFAULT_OPT_OUT_LABEL}).
 * </ul>
 *
 * @param label the label key read by opt-in and opt-out; null for all
 */
public record NamespaceSelection(Mode mode, String label, List<String> excludedNamespaces) {
  public static final String DEFAULT_OPT_IN_LABEL = "trustgate.io/enforce";
  public static final String DEFAULT_OPT_OUT_LABEL = "trustgate.io/exempt";
  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  // Kubernetes label keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.
  private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public enum Mode {
    ALL("all"), OPT_IN("opt-in"), OPT_OUT("opt-out");

    private final String flag;

    Mode(String flag) {
      this.flag = flag;
    }

    public String flag() {
      return flag;
    }

    static Mode parse(String value) {
      for (Mode m : values()) {
        if (m.flag.equals(value.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException("--namespace-selection must be one of all, opt-in, opt-out, got '" + value + "'");
    }
  }

  public NamespaceSelection {
    Objects.requireNonNull(mode, "mode");
    excludedNamespaces = List.copyOf(new LinkedHashSet<>(excludedNamespaces));
    for (String ns : excludedNamespaces) {
      if (!NAMESPACE.matcher(ns).matches()) {
        throw new IllegalArgumentException("--excluded-namespaces: '" + ns + "' is not a namespace name");
      }
    }
    if (excludedNamespaces.isEmpty()) {
      throw new IllegalArgumentException("--excluded-namespaces must name at least trustgate's own namespace");
    }
    if (mode == Mode.ALL) {
      if (label != null) {
        throw new IllegalArgumentException("--namespace-label is read only with --namespace-selection opt-in or opt-out");
      }
    } else {
      requireLabelKey(label);
    }
  }

  /**
   * Parses the operator's flags.
   *
   * @param label null or blank: the mode's default label
   * @param excluded the namespaces never enforced; {@code ownNamespace} is always added
   */
  public static NamespaceSelection of(String mode, String label, List<String> excluded, String ownNamespace) {
    Mode m = Mode.parse(mode);
    String key = label == null || label.isBlank() ? null : label.trim();
    if (key == null && m != Mode.ALL) {
      key = m == Mode.OPT_IN ? DEFAULT_OPT_IN_LABEL : DEFAULT_OPT_OUT_LABEL;
    }
    List<String> namespaces = new ArrayList<>();
    for (String ns : excluded) {
      if (!ns.isBlank()) {
        namespaces.add(ns.trim());
      }
    }
    namespaces.add(ownNamespace);
    return new NamespaceSelection(m, key, namespaces);
  }

  /** The namespaceSelector of the workloads webhook. */
  public LabelSelector selector() {
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    expressions.add(new LabelSelectorRequirement(NAME_LABEL, "NotIn", excludedNamespaces));
    switch (mode) {
      case OPT_IN -> expressions.add(new LabelSelectorRequirement(label, "In", List.of("true")));
      // NotIn also matches namespaces without the label: only <label>=true exempts.
      case OPT_OUT -> expressions.add(new LabelSelectorRequirement(label, "NotIn", List.of("true")));
      case ALL -> { }
    }
    return new LabelSelectorBuilder().withMatchExpressions(expressions).build();
  }

  private static void requireLabelKey(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        throw new IllegalArgumentException("--namespace-label '" + key + "': the prefix before '/' must be a DNS subdomain");
      }
    }
    if (!LABEL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("--namespace-label '" + key
          + "' is not a label key (name of at most 63 letters, digits, '-', '_', '.', optionally prefixed by a DNS subdomain and '/')");
    }
  }
}
