package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryKeyStoreTest {
  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(WebhookServer.PKCS12_KEY_PBE_ITERATIONS);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(WebhookServer.PKCS12_KEY_PBE_ITERATIONS);
    } else {
      System.setProperty(WebhookServer.PKCS12_KEY_PBE_ITERATIONS, saved);
    }
  }

  @Test
  void keyStoresBuiltForTlsAreNotStretchedUnlessConfigured() {
    System.clearProperty(WebhookServer.PKCS12_KEY_PBE_ITERATIONS);
    WebhookServer.inMemoryKeyStoresWithoutKeyStretching();
    assertThat(System.getProperty(WebhookServer.PKCS12_KEY_PBE_ITERATIONS)).isEqualTo("1");
  }

  @Test
  void anExplicitIterationCountIsKept() {
    System.setProperty(WebhookServer.PKCS12_KEY_PBE_ITERATIONS, "20000");
    WebhookServer.inMemoryKeyStoresWithoutKeyStretching();
    assertThat(System.getProperty(WebhookServer.PKCS12_KEY_PBE_ITERATIONS)).isEqualTo("20000");
  }
}
