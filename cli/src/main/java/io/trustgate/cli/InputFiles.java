package io.trustgate.cli;

import io.trustgate.core.format.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the user's input files with errors that say which file, bounded before parsing. */
final class InputFiles {
  /** Release documents, revocation lists and bundles are small JSON files. */
  static final int MAX_DOCUMENT_BYTES = 1 << 20;

  private InputFiles() {}

  static byte[] read(Path file, String what) {
    requireFile(file, what);
    try {
      return InputLimits.readFile(file, MAX_DOCUMENT_BYTES, what);
    } catch (InputLimits.TooLargeException e) {
      throw new InputException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  static Path requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(what + " " + file + " does not exist or is not a file");
    }
    return file;
  }
}
