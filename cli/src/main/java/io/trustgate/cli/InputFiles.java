package io.trustgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the user's input files with errors that say which file. */
final class InputFiles {
  private InputFiles() {}

  static byte[] read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(what + " " + file + " does not exist or is not a file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }
}
