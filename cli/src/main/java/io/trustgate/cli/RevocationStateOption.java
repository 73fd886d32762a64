package io.trustgate.cli;

import io.trustgate.core.revocation.RevocationFloor;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --revocation-state FILE} and {@code --update-revocation-state}: the CLI's memory of the
 * revocation lists it accepted, so that a later run refuses a list that goes back from them,
 * as the webhook does with the floor in the TrustPolicy status.
 */
final class RevocationStateOption {
  @Option(
      names = "--revocation-state",
      paramLabel = "FILE",
      description = "JSON file with the revocation lists accepted before (one floor per list URL, the shape of"
          + " status.revocationFloor). A served list that goes back from it is refused and its recalls still deny.")
  Path file;

  @Option(
      names = "--update-revocation-state",
      description = "after a newer list verifies, write its floor to the --revocation-state FILE (created if missing)")
  boolean update;

  /** The floors by list URL; empty without a file. */
  Map<String, RevocationFloor> read() {
    if (file == null) {
      if (update) {
        throw new InputException("--update-revocation-state needs --revocation-state FILE");
      }
      return new java.util.LinkedHashMap<>();
    }
    return RevocationStateFile.read(file, update);
  }

  boolean updating() {
    return file != null && update;
  }

  /** Writes the floors back when asked to; returns whether it did. */
  boolean save(Map<String, RevocationFloor> floors) {
    if (!updating()) {
      return false;
    }
    RevocationStateFile.write(file, floors.values());
    return true;
  }
}
