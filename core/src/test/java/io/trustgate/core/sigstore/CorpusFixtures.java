package io.trustgate.core.sigstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Shared access to the test corpora: cases by id, file bytes, one verifier per trusted root. */
final class CorpusFixtures {
  private static final Map<Path, BundleVerifier> VERIFIERS = new HashMap<>();

  private CorpusFixtures() {}

  static ConformanceCase caseById(String id) {
    return Stream.of(ConformanceCase.CONFORMANCE, ConformanceCase.JS_CORPUS)
        .flatMap(corpus -> ConformanceCase.load(corpus).stream())
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no corpus case " + id));
  }

  /** A verifier for the trusted root file; throws TrustRootException if the root is rejected. */
  static synchronized BundleVerifier verifier(Path trustedRoot) {
    BundleVerifier cached = VERIFIERS.get(trustedRoot);
    if (cached == null) {
      cached = new BundleVerifier(TrustRoot.fromFile(trustedRoot));
      VERIFIERS.put(trustedRoot, cached);
    }
    return cached;
  }

  /** The case's own signer, with exact identity or a cosign-style (search) regexp. */
  static SignerIdentity signer(ConformanceCase c) {
    return new SignerIdentity(
        IdentityMatcher.exact(c.issuer()),
        c.identity() != null
            ? IdentityMatcher.exact(c.identity())
            : IdentityMatcher.search(c.identityRegexp()));
  }

  /** Verifies the case as written (verify-blob semantics). */
  static Verification verify(ConformanceCase c) {
    return verifier(c.trustedRoot()).verify(read(c.artifact()), read(c.bundle()), signer(c));
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path jsCorpus(String file) {
    return ConformanceCase.corpusDir(ConformanceCase.JS_CORPUS).resolve(file);
  }
}
