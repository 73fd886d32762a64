package io.trustgate.webhook;

import io.micronaut.runtime.Micronaut;

public final class WebhookMain {
  public static void main(String[] args) {
    Micronaut.run(WebhookMain.class, args);
  }
}
