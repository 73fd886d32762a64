package io.trustgate.core.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evidence from a directory, for air-gapped clusters: a URL's path names a file under the root,
 * whatever the host. {@code https://github.com/acme/forge/releases/download/v1.2.3/x.json} is
 * {@code root/acme/forge/releases/download/v1.2.3/x.json}.
 *
 * <p>URLs come from policies; the mirror still refuses any path that would leave the root, by
 * {@code ..}, encoded separators or symbolic links. Thread-safe.
 */
public final class MirrorEvidenceSource implements EvidenceSource {

  private final Path root;
  private final long maxBytes;

  public MirrorEvidenceSource(Path root) {
    this(root, HttpEvidenceConfig.DEFAULT_MAX_BYTES);
  }

  public MirrorEvidenceSource(Path root, long maxBytes) {
    this.root = Objects.requireNonNull(root, "root");
    if (maxBytes < 1 || maxBytes > HttpEvidenceConfig.MAX_MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be between 1 and " + HttpEvidenceConfig.MAX_MAX_BYTES + ", was " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public Path root() {
    return root;
  }

  @Override
  public FetchResult fetch(String url) {
    URI uri = UrlRules.parse(url);
    String problem = UrlRules.problemWith(url, uri);
    if (problem != null) {
      return new FetchResult.Failed(url == null ? "" : url, problem);
    }
    List<String> segments = new ArrayList<>();
    problem = decodeSegments(uri.getRawPath(), segments);
    if (problem != null) {
      return new FetchResult.Failed(url, problem);
    }

    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      return new FetchResult.Failed(url, "mirror root " + root + " is not readable");
    }
    FetchResult byPath = resolveAndRead(url, realRoot, segments);
    String host = uri.getHost();
    if (byPath instanceof FetchResult.NotFound && host != null && !host.isEmpty() && !host.contains("/")
        && !host.equals(".") && !host.equals("..")) {
      // Also accept mirrors laid out as <host>/<path> (e.g. from wget --mirror).
      List<String> withHost = new ArrayList<>(segments.size() + 1);
      withHost.add(host.toLowerCase(java.util.Locale.ROOT));
      withHost.addAll(segments);
      FetchResult byHost = resolveAndRead(url, realRoot, withHost);
      if (!(byHost instanceof FetchResult.NotFound)) {
        return byHost;
      }
    }
    return byPath;
  }

  private FetchResult resolveAndRead(String url, Path realRoot, List<String> segments) {
    Path file = realRoot;
    try {
      for (String segment : segments) {
        file = file.resolve(segment);
      }
    } catch (InvalidPathException e) {
      return new FetchResult.Failed(url, "URL path is not a valid file name");
    }
    if (!file.normalize().startsWith(realRoot)) {
      return new FetchResult.Failed(url, "URL path escapes the mirror root");
    }

    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      return new FetchResult.NotFound(url);
    } catch (IOException e) {
      return new FetchResult.Failed(url, "cannot read mirror file: " + e.getClass().getSimpleName());
    }
    if (!real.startsWith(realRoot)) {
      return new FetchResult.Failed(url, "URL path escapes the mirror root through a symbolic link");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return new FetchResult.Failed(url, "mirror path is not a regular file");
    }
    return read(url, real);
  }

  private FetchResult read(String url, Path real) {
    // Open without following links: the checked real path must be what is read.
    try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
      byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE));
      if (body.length > maxBytes) {
        return new FetchResult.Failed(url, "mirror file exceeds " + maxBytes + " bytes");
      }
      return new FetchResult.Found(url, body);
    } catch (NoSuchFileException e) {
      return new FetchResult.NotFound(url);
    } catch (IOException e) {
      return new FetchResult.Failed(url, "cannot read mirror file: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Splits a raw URL path on '/' and percent-decodes each segment as UTF-8. Decoding after
   * splitting keeps {@code %2F} from becoming a separator; such segments are refused outright.
   */
  static String decodeSegments(String rawPath, List<String> segments) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return "URL has no path";
    }
    String[] raw = rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1);
    for (String rawSegment : raw) {
      String segment = percentDecode(rawSegment);
      if (segment == null) {
        return "URL path has an invalid percent-encoding";
      }
      if (segment.isEmpty()) {
        return "URL path has an empty segment";
      }
      if (segment.equals(".") || segment.equals("..")
          || segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
        return "URL path escapes the mirror root";
      }
      if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        return "URL path has control characters";
      }
      segments.add(segment);
    }
    return null;
  }

  /** Strict UTF-8 percent-decoding; null for a malformed escape or invalid UTF-8. */
  private static String percentDecode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      int percent = raw.indexOf('%', i);
      if (percent != i) {
        int end = percent < 0 ? raw.length() : percent;
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
        continue;
      }
      if (i + 2 >= raw.length()) {
        return null;
      }
      int high = Character.digit(raw.charAt(i + 1), 16);
      int low = Character.digit(raw.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 3;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
