package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.testing.ReleaseWorld;
import org.junit.jupiter.api.Test;

/** A revocation list that does not verify is reported with its files and who can fix it. */
class RevocationListWordingTest {
  final ReleaseWorld world = new ReleaseWorld();
  final RevocationRule rule =
      PolicyCompiler.compile("forge", ReleaseWorld.spec()).policy().orElseThrow().revocations().orElseThrow();
  final RevocationListHolder holder =
      RevocationListHolder.verifying("forge", rule, world.evidence, world.verifier, world.clock);

  @Test
  void aListSignedByTheReleaseIdentityPointsAtTheRevocationSigner() {
    world.publish(ReleaseWorld.LIST_URL, ReleaseWorld.listJson(1L, null), ReleaseWorld.releaseIdentity("0.14.0"));
    RevocationState s = holder.refresh();
    assertThat(s.lastFailure()).isEqualTo(RevocationState.RefreshFailure.INVALID);
    assertThat(s.lastError())
        .startsWith("revocation list signature rejected (IDENTITY_MISMATCH): revocation list "
            + ReleaseWorld.LIST_URL + " does not verify with its bundle " + ReleaseWorld.LIST_URL + ".bundle: ")
        .contains("Who acts: the cluster operator.")
        .contains("correct the policy's spec.revocations.signer");
  }
}
