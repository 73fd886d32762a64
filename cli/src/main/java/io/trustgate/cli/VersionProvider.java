package io.trustgate.cli;

import picocli.CommandLine;

/** Prints the version recorded in the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"trustgate " + (v == null ? "(development build)" : v)};
  }
}
