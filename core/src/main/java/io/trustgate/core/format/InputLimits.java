package io.trustgate.core.format;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * How much input trustgate reads from files and standard input, checked before any parsing: an
 * oversized or hostile file is refused at once with the limit named, instead of a parser working
 * on it for minutes. YAML parsing is bounded as well (characters, nesting, aliases).
 */
public final class InputLimits {
  /** Workload YAML (`trustgate check -f`): far above any real set of manifests (etcd stores 1.5 MiB per object). */
  public static final int MAX_WORKLOAD_BYTES = 4 << 20;
  /** One TrustPolicy file; a policy is a few kilobytes. */
  public static final int MAX_POLICY_BYTES = 1 << 20;
  /** Nesting of YAML collections; a pod template is about 15 deep. */
  public static final int MAX_YAML_NESTING = 100;
  /** YAML aliases per document ("billion laughs" needs many). */
  public static final int MAX_YAML_ALIASES = 50;

  private InputLimits() {}

  /** Thrown when input is larger than its limit; the message names the limit. */
  public static final class TooLargeException extends IOException {
    public TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * The bytes of a regular file of at most {@code max} bytes. The size is checked before
   * reading, and the read itself is bounded (the file may grow meanwhile).
   *
   * @param what e.g. "workload file", used in the message
   */
  public static byte[] readFile(Path file, int max, String what) throws IOException {
    long size = Files.size(file);
    if (size > max) {
      throw tooLarge(what, size, max);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readStream(in, max, what);
    }
  }

  /** At most {@code max} bytes of a stream, which is not closed; more is an error, not a cut. */
  public static byte[] readStream(InputStream in, int max, String what) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new TooLargeException(what + " is larger than the limit of " + describe(max));
    }
    return bytes;
  }

  /** A YAML factory that refuses duplicate keys and bounds characters, nesting and aliases. */
  public static YAMLFactory yamlFactory(int maxBytes) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(maxBytes);
    options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
    options.setNestingDepthLimit(MAX_YAML_NESTING);
    options.setAllowRecursiveKeys(false);
    YAMLFactory factory = YAMLFactory.builder()
        .loaderOptions(options)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    factory.setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_YAML_NESTING)
        .maxStringLength(maxBytes)
        .build());
    return factory;
  }

  private static TooLargeException tooLarge(String what, long size, int max) {
    return new TooLargeException(what + " is " + size + " bytes, larger than the limit of " + describe(max));
  }

  /** "4194304 bytes (4 MiB)". */
  public static String describe(int bytes) {
    return bytes + " bytes (" + (bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB") + ")";
  }
}
