package io.trustgate.core.format;

/** A release document (manifest or revocation list) that does not follow its format. */
public final class FormatException extends Exception {
  /** Whether the document is malformed or written in a schema this version cannot read. */
  public enum Kind {
    INVALID,
    UNSUPPORTED_SCHEMA
  }

  private final Kind kind;

  public FormatException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public static FormatException invalid(String message) {
    return new FormatException(Kind.INVALID, message);
  }

  public Kind kind() {
    return kind;
  }
}
