package io.trustgate.operator.tls;

public record WebhookTlsSettings(String namespace, String secretName, String serviceName, String webhookConfigurationName, java.util.Optional<String> url, java.util.Optional<java.nio.file.Path> certificateDir, java.time.Duration certificateValidity, java.time.Duration renewBefore) {}
