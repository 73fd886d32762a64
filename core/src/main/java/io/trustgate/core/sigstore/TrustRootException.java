package io.trustgate.core.sigstore;

/** A trusted root could not be loaded or is malformed. The message names its source. */
public class TrustRootException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrustRootException(String message) {
    super(message);
  }

  public TrustRootException(String message, Throwable cause) {
    super(message, cause);
  }
}
