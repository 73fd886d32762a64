package io.trustgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustgate.api.v1alpha1.TrustPolicySpec;
import io.trustgate.api.v1alpha1.TrustRoot;
import org.junit.jupiter.api.Test;

/** Clients (webhook, operator, kubectl via fabric8) must be able to write what they read. */
class TrustPolicyJsonTest {
  @Test
  void publicGoodTrustRootRoundTripsAsAnEmptyObject() throws Exception {
    ObjectMapper json = new ObjectMapper();
    TrustPolicySpec spec = new TrustPolicySpec();
    spec.trustRoot = TrustRoot.publicGoodRoot();
    String text = json.writeValueAsString(spec);
    assertThat(text).contains("\"trustRoot\":{\"publicGood\":{}}");
    assertThat(json.readValue(text, TrustPolicySpec.class).trustRoot.publicGood).isNotNull();
  }
}
