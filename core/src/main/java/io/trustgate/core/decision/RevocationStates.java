package io.trustgate.core.decision;

import io.trustgate.core.revocation.RevocationListHolder;
import java.util.Optional;

/** Where the engine finds each policy's revocation list holder. */
@FunctionalInterface
public interface RevocationStates {
  Optional<RevocationListHolder> holderFor(String policyName);
}
