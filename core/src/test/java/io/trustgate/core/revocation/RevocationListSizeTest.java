package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.core.policy.PolicyCompiler;
import io.trustgate.core.policy.RevocationRule;
import io.trustgate.core.testing.ReleaseWorld;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Large lists are accepted up to the documented limits; beyond them the refusal says why. */
class RevocationListSizeTest {
  static final String REASON = "withdrawn after a security review of the release pipeline, see the advisory";

  final ReleaseWorld world = new ReleaseWorld();
  final RevocationRule rule =
      PolicyCompiler.compile("forge", ReleaseWorld.spec()).policy().orElseThrow().revocations().orElseThrow();
  final RevocationListHolder holder =
      RevocationListHolder.verifying("forge", rule, world.evidence, world.verifier, world.clock);

  static String[] entries(int n, String reason) {
    String[] e = new String[n];
    for (int i = 0; i < n; i++) {
      e[i] = "1." + (i / 100) + "." + (i % 100) + " dev x86_64 " + reason + " " + i;
    }
    return e;
  }

  @Test
  void acceptsASigned20000EntryListLargerThanTheOldOneMebibyteCap() {
    byte[] list = ReleaseWorld.listJson(3L, null, entries(20_000, REASON));
    assertThat(list.length).isGreaterThan(2 << 20);
    world.publish(ReleaseWorld.LIST_URL, list, ReleaseWorld.REVOCATION_IDENTITY);

    RevocationState s = holder.refresh();

    assertThat(s.lastError()).isNull();
    assertThat(s.accepted()).get().satisfies(a -> assertThat(a.list().keys()).hasSize(20_000));
    assertThat(s.listOrEmpty().entryFor("1.199.99", "dev", "x86_64")).get()
        .satisfies(r -> assertThat(r.reason()).endsWith(" 19999"));
    assertThat(s.listOrEmpty().entryFor("1.200.0", "dev", "x86_64")).isEmpty();
  }

  @Test
  void refusesTooManyEntriesLoudlyAndKeepsTheListInUse() {
    world.publishList(1L, null, "0.13.0 dev x86_64 bad");
    holder.refresh();
    world.publishList(2L, null, entries(RevocationListParser.MAX_ENTRIES + 1, "r"));

    RevocationState s = holder.refresh();

    assertThat(s.lastFailure()).isEqualTo(RevocationState.RefreshFailure.INVALID);
    assertThat(s.lastError()).isEqualTo(
        "revocation list has 50001 entries, more than the limit of 50000");
    assertThat(s.consecutiveFailures()).isEqualTo(1);
    assertThat(s.accepted()).get().satisfies(a -> assertThat(a.list().sequence()).contains(1L));
  }

  @Test
  void refusesAListOverTheByteLimitBeforeCheckingItsSignature() {
    world.publishList(1L, null, "0.13.0 dev x86_64 bad");
    holder.refresh();
    byte[] huge = new byte[RevocationListParser.MAX_LIST_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    byte[] head = "{\"revocations\":[]}".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, huge, 0, head.length);
    world.evidence.put(ReleaseWorld.LIST_URL, huge);
    int bundleFetches = world.evidence.fetchCount(ReleaseWorld.LIST_URL + ".bundle");

    RevocationState s = holder.refresh();

    assertThat(s.lastFailure()).isEqualTo(RevocationState.RefreshFailure.INVALID);
    assertThat(s.lastError()).isEqualTo("revocation list " + ReleaseWorld.LIST_URL + " is 8388609 bytes,"
        + " larger than the limit of 8388608 bytes (8 MiB)");
    assertThat(world.evidence.fetchCount(ReleaseWorld.LIST_URL + ".bundle")).isEqualTo(bundleFetches);
    assertThat(s.listOrEmpty().entryFor("0.13.0", "dev", "x86_64")).isPresent();
  }

  @Test
  void theParserAppliesTheSameByteLimit() {
    byte[] huge = new byte[RevocationListParser.MAX_LIST_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RevocationListParser.parse(huge))
        .hasMessage("revocation list is 8388609 bytes, larger than the limit of 8388608 bytes (8 MiB)");
  }
}
