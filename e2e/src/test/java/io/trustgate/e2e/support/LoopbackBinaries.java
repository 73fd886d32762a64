package io.trustgate.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The kube-api-test directory the suite really uses, under target/: the installed binaries
 * linked in, except etcd, which gets a wrapper. kube-api-test 7.6.1 starts etcd with
 * {@code --listen-client-urls http://0.0.0.0:<port>} and has no option to change it; the
 * wrapper keeps etcd on 127.0.0.1 like everything else the tests start. kube-api-test also
 * writes its certificates here, not into the shared installation.
 */
final class LoopbackBinaries {
  private LoopbackBinaries() {}

  /** Returns the kube-api-test directory to use. */
  static Path prepare(E2eSettings settings, Path workDir) throws IOException {
    Path root = workDir.resolve("kubeapitest");
    Path bin = Files.createDirectories(root.resolve("k8s").resolve(E2eSettings.BINARY_FOLDER));
    for (String name : new String[] {"kube-apiserver", "kube-controller-manager", "kubectl"}) {
      Path link = bin.resolve(name);
      Files.deleteIfExists(link);
      if (Files.exists(settings.binaryDir().resolve(name))) {
        Files.createSymbolicLink(link, settings.binaryDir().resolve(name));
      } else {
        // kube-api-test wants a kubectl file; the suite never runs it.
        Files.writeString(link, "#!/bin/sh\necho 'kubectl is not installed' >&2\nexit 1\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(link, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Path etcd = bin.resolve("etcd");
    Files.deleteIfExists(etcd);
    Files.writeString(etcd, "#!/usr/bin/env bash\n"
        + "# kube-api-test asks for 0.0.0.0; listen on loopback only.\n"
        + "exec '" + settings.binaryDir().resolve("etcd") + "' \"${@//0.0.0.0/127.0.0.1}\"\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(etcd, PosixFilePermissions.fromString("rwxr-xr-x"));
    return root;
  }
}
