package io.trustgate.cli;

/** Input the command cannot work with (missing file, bad YAML, invalid policy): exit code 2. */
final class InputException extends RuntimeException {
  InputException(String message) {
    super(message);
  }
}
