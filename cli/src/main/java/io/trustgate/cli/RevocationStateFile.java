package io.trustgate.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trustgate.api.v1alpha1.RevocationFloorStatus;
import io.trustgate.core.format.InputLimits;
import io.trustgate.core.format.Messages;
import io.trustgate.core.revocation.FloorStatus;
import io.trustgate.core.revocation.RevocationFloor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI's revocation state file: the floors of the lists it (or a cluster) accepted, keyed by
 * list URL, in the same shape as {@code status.revocationFloor}:
 * {@code {"revocationFloors": [{"url": ..., "sequence": 7, ..., "recalls": [...]}]}}.
 */
final class RevocationStateFile {
  /** Far above any real state (1000 recalls of 512 characters per list); stops a wrong file early. */
  static final int MAX_BYTES = 8 << 20;
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** The file's JSON shape. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class Document {
    @JsonPropertyDescription("One floor per revocation list URL.")
    public List<RevocationFloorStatus> revocationFloors = new ArrayList<>();
  }

  private RevocationStateFile() {}

  /** The floors in {@code file} by URL; an absent file is empty only when {@code mayBeAbsent}. */
  static Map<String, RevocationFloor> read(Path file, boolean mayBeAbsent) {
    if (mayBeAbsent && !Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    if (!Files.isRegularFile(file)) {
      throw new InputException("revocation state " + file + " does not exist or is not a file"
          + " (add --update-revocation-state to start one)");
    }
    Document doc;
    try {
      doc = JSON.readValue(InputLimits.readFile(file, MAX_BYTES, "revocation state " + file), Document.class);
    } catch (IOException e) {
      throw new InputException("cannot read revocation state " + file + ": "
          + Messages.firstLine(e.getMessage(), "unreadable"));
    }
    Map<String, RevocationFloor> out = new LinkedHashMap<>();
    if (doc == null || doc.revocationFloors == null) {
      return out;
    }
    for (RevocationFloorStatus s : doc.revocationFloors) {
      FloorStatus.fromStatus(s).ifPresent(f -> out.merge(f.url(), f, RevocationStateFile::higher));
    }
    return out;
  }

  /** Of two floors for one URL, the one the other does not go back from. */
  static RevocationFloor higher(RevocationFloor a, RevocationFloor b) {
    return a.coveredBy(b.asList()) ? b : a;
  }

  /** Replaces {@code file} atomically, so an interrupted write never leaves half a state. */
  static void write(Path file, Collection<RevocationFloor> floors) {
    Document doc = new Document();
    floors.forEach(f -> doc.revocationFloors.add(FloorStatus.toStatus(f)));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try {
        JSON.writeValue(tmp.toFile(), doc);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new InputException("cannot write revocation state " + file + ": " + e.getMessage());
    }
  }
}
