package io.trustgate.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackGuardTest {
  static final Revocation R1 = new Revocation("1.0.0", "dev", "x86_64", "bad", null);
  static final Revocation R2 = new Revocation("1.1.0", "dev", "x86_64", "worse", null);

  static RevocationList list(Long seq, String issued, Revocation... r) {
    return new RevocationList(1, issued == null ? null : Instant.parse(issued), seq, List.of(r));
  }

  @Test
  void acceptsHigherSequenceWithMoreRecalls() {
    assertThat(RollbackGuard.check(list(7L, "2026-05-15T00:00:00Z", R1), list(8L, "2026-05-16T00:00:00Z", R1, R2))).isEmpty();
  }

  @Test
  void acceptsSameSequenceSameContent() {
    assertThat(RollbackGuard.check(list(7L, null, R1), list(7L, null, R1))).isEmpty();
  }

  @Test
  void refusesLowerSequence() {
    assertThat(RollbackGuard.check(list(8L, null, R1), list(7L, null, R1))).get().asString().contains("sequence went back from 8 to 7");
  }

  @Test
  void refusesOlderIssuedAt() {
    assertThat(RollbackGuard.check(list(null, "2026-05-15T00:00:00Z"), list(null, "2026-05-14T00:00:00Z")))
        .get().asString().contains("issued_at went back");
  }

  @Test
  void refusesDroppedRecallEvenWithHigherSequence() {
    assertThat(RollbackGuard.check(list(7L, null, R1, R2), list(8L, null, R2))).get().asString().contains("drops the accepted recall of 1.0.0 dev/x86_64");
  }

  @Test
  void refusesListThatLosesItsFreshnessFields() {
    assertThat(RollbackGuard.check(list(7L, null), list(null, null))).get().asString().contains("no sequence");
    assertThat(RollbackGuard.check(list(null, "2026-05-15T00:00:00Z"), list(null, null))).get().asString().contains("no issued_at");
  }
}
