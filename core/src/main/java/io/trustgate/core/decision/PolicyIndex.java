package io.trustgate.core.decision;

import io.trustgate.core.image.ImageGlob;
import io.trustgate.core.image.ImageRef;
import io.trustgate.core.policy.CompiledPolicy;
import io.trustgate.core.policy.CompiledSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policies that might govern an image, found without scanning them all. Each image glob is
 * filed under the most specific literal part every name it matches starts with: the registry and
 * first repository segment ({@code ghcr.io/acme}), else the registry, else (a wildcard in the
 * registry, or a leading {@code **}) in a short list consulted for every image. A lookup merges at
 * most three lists, so its cost depends on how many policies name that registry, not on how many
 * policies there are.
 *
 * <p>Candidates are a superset of the governing policies, in the policies' original order; the
 * caller still asks each candidate {@link CompiledPolicy#selectorFor}, so decisions are exactly
 * those of a linear scan.
 */
final class PolicyIndex {
  private static final int[] NONE = new int[0];

  private final List<CompiledPolicy> policies;
  private final Map<String, int[]> byRepositoryRoot;
  private final Map<String, int[]> byRegistry;
  private final int[] anywhere;

  PolicyIndex(List<CompiledPolicy> policies) {
    this.policies = List.copyOf(policies);
    Map<String, List<Integer>> roots = new HashMap<>();
    Map<String, List<Integer>> registries = new HashMap<>();
    List<Integer> wild = new ArrayList<>();
    for (int i = 0; i < this.policies.size(); i++) {
      for (CompiledSelector selector : this.policies.get(i).images()) {
        ImageGlob glob = selector.glob();
        Optional<String> root = glob.literalRepositoryRoot();
        Optional<String> registry = glob.literalRegistry();
        List<Integer> bucket = root.isPresent()
            ? roots.computeIfAbsent(root.get(), k -> new ArrayList<>())
            : registry.isPresent() ? registries.computeIfAbsent(registry.get(), k -> new ArrayList<>()) : wild;
        if (bucket.isEmpty() || bucket.get(bucket.size() - 1) != i) {
          bucket.add(i); // ascending: positions are visited in order
        }
      }
    }
    this.byRepositoryRoot = frozen(roots);
    this.byRegistry = frozen(registries);
    this.anywhere = toArray(wild);
  }

  /** The policies whose globs could match {@code ref}, in their original order. */
  List<CompiledPolicy> candidates(ImageRef ref) {
    String subject = ImageGlob.subject(ref);
    int first = subject.indexOf('/');
    int second = subject.indexOf('/', first + 1);
    String root = second < 0 ? subject : subject.substring(0, second);
    int[] a = byRepositoryRoot.getOrDefault(root, NONE);
    int[] b = byRegistry.getOrDefault(subject.substring(0, first), NONE);
    int[] c = anywhere;
    if (a.length + b.length + c.length == 0) {
      return List.of();
    }
    List<CompiledPolicy> out = new ArrayList<>(a.length + b.length + c.length);
    int i = 0;
    int j = 0;
    int k = 0;
    int last = -1;
    while (i < a.length || j < b.length || k < c.length) {
      int next = Math.min(i < a.length ? a[i] : Integer.MAX_VALUE,
          Math.min(j < b.length ? b[j] : Integer.MAX_VALUE, k < c.length ? c[k] : Integer.MAX_VALUE));
      i += i < a.length && a[i] == next ? 1 : 0;
      j += j < b.length && b[j] == next ? 1 : 0;
      k += k < c.length && c[k] == next ? 1 : 0;
      if (next != last) {
        out.add(policies.get(next));
        last = next;
      }
    }
    return out;
  }

  private static Map<String, int[]> frozen(Map<String, List<Integer>> lists) {
    Map<String, int[]> out = new HashMap<>(lists.size() * 2);
    lists.forEach((key, positions) -> out.put(key, toArray(positions)));
    return Map.copyOf(out);
  }

  private static int[] toArray(List<Integer> positions) {
    return positions.stream().mapToInt(Integer::intValue).toArray();
  }
}
