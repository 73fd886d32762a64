package io.trustgate.cli;

/** The evidence needed to decide could not be obtained (network, TUF, mirror): exit code 3. */
final class UndecidedException extends RuntimeException {
  UndecidedException(String message) {
    super(message);
  }
}
