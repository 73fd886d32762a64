package io.trustgate.core.testing.sigstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lays out signed release files the way trustgate fetches them: the document at {@code <name>} and
 * its bundle at {@code <name>.bundle} (URL U and U + ".bundle"), e.g. in a directory served by a
 * test HTTP server.
 */
public final class ReleaseSigner {

  public static final String BUNDLE_SUFFIX = ".bundle";

  private final FakeSigstore sigstore;
  private final Path dir;

  public ReleaseSigner(FakeSigstore sigstore, Path dir) {
    this.sigstore = sigstore;
    this.dir = dir;
  }

  /** The document and its bundle as written. */
  public record SignedFile(Path document, Path bundle) {}

  /** Signs {@code content} and writes {@code <name>} and {@code <name>.bundle} under the dir. */
  public SignedFile write(String name, byte[] content, SignRequest request) {
    return write(name, content, sigstore.sign(content, request));
  }

  /**
   * Writes {@code <name>} and {@code <name>.bundle} with a bundle made elsewhere, e.g. for other
   * bytes or by another FakeSigstore.
   */
  public SignedFile write(String name, byte[] content, byte[] bundle) {
    try {
      Path document = dir.resolve(name);
      Files.createDirectories(document.getParent());
      Files.write(document, content);
      return new SignedFile(document, Files.write(dir.resolve(name + BUNDLE_SUFFIX), bundle));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }
}
