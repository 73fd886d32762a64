package io.trustgate.core.policy;

import io.trustgate.core.sigstore.IdentityMatcher;
import io.trustgate.core.sigstore.SignerIdentity;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A signer as written in a policy, whose identity may contain placeholders. Resolved identities
 * are memoised so the hot path never compiles a regex twice.
 */
public final class SignerTemplate {
  private static final int MAX_MEMO = 4096;

  private final IdentityMatcher issuer;
  private final String identity;
  private final String identityRegex;
  private final ConcurrentMap<ReleaseCoordinates, SignerIdentity> memo = new ConcurrentHashMap<>();

  private SignerTemplate(IdentityMatcher issuer, String identity, String identityRegex) {
    this.issuer = issuer;
    this.identity = identity;
    this.identityRegex = identityRegex;
  }

  static SignerTemplate exact(IdentityMatcher issuer, String identity) {
    return new SignerTemplate(issuer, identity, null);
  }

  static SignerTemplate regex(IdentityMatcher issuer, String identityRegex) {
    return new SignerTemplate(issuer, null, identityRegex);
  }

  /** The signer identity for one release. */
  public SignerIdentity resolve(ReleaseCoordinates at) {
    SignerIdentity cached = memo.get(at);
    if (cached != null) {
      return cached;
    }
    IdentityMatcher id =
        identity != null
            ? IdentityMatcher.exact(at.expand(identity))
            : IdentityMatcher.fullMatch(at.expandRegex(identityRegex));
    SignerIdentity resolved = new SignerIdentity(issuer, id);
    if (memo.size() < MAX_MEMO) {
      memo.putIfAbsent(at, resolved);
    }
    return resolved;
  }

  /** The signer for documents without placeholders (the revocation list). */
  public SignerIdentity resolveFixed() {
    return resolve(new ReleaseCoordinates("", "", ""));
  }

  /** Whether two templates would accept the very same identity text (domain separation). */
  boolean sameAs(SignerTemplate other) {
    return java.util.Objects.equals(identity, other.identity)
        && java.util.Objects.equals(identityRegex, other.identityRegex)
        && issuer.describe().equals(other.issuer.describe());
  }

  /** Stable text used in cache keys and explanations. */
  public String describe() {
    return "issuer "
        + issuer.describe()
        + ", identity "
        + (identity != null ? identity : "regex " + identityRegex);
  }

  @Override
  public String toString() {
    return describe();
  }
}
