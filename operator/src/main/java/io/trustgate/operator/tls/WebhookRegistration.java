package io.trustgate.operator.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every webhook of the ValidatingWebhookConfiguration pointing at the webhook with the
 * current CA bundle. In url mode each entry gets the configured base URL with its own path (the
 * path of its former service reference or URL), so one configuration serves both endpoints.
 */
final class WebhookRegistration {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistration.class);
  private static final String DEFAULT_PATH = "/validate";

  private final KubernetesClient client;
  private final String name;
  private final Optional<String> baseUrl;

  WebhookRegistration(KubernetesClient client, String name, Optional<String> baseUrl) {
    this.client = client;
    this.name = name;
    this.baseUrl = baseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  /**
   * Writes the bundle (and url) where they differ; writes nothing when all agree.
   *
   * @return false when the configuration does not exist (yet): nothing to patch
   */
  boolean sync(String caBundlePem) {
    String caBundle = Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.US_ASCII));
    Resource<ValidatingWebhookConfiguration> resource =
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name);
    ValidatingWebhookConfiguration current = resource.get();
    if (current == null) {
      LOG.warn("ValidatingWebhookConfiguration {} not found; its caBundle will be set once it exists", name);
      return false;
    }
    if (inSync(current, caBundle)) {
      return true;
    }
    // A replace carrying the resourceVersion read above: a concurrent edit makes it fail with a
    // conflict, and the next reconcile starts over from the new state instead of overwriting it.
    ValidatingWebhookConfiguration updated = new ValidatingWebhookConfigurationBuilder(current).build();
    for (ValidatingWebhook webhook : updated.getWebhooks()) {
      apply(webhook, caBundle);
    }
    client.resource(updated).update();
    LOG.info("updated caBundle{} of ValidatingWebhookConfiguration {}", baseUrl.isPresent() ? " and url" : "", name);
    return true;
  }

  private boolean inSync(ValidatingWebhookConfiguration vwc, String caBundle) {
    for (ValidatingWebhook webhook : vwc.getWebhooks()) {
      WebhookClientConfig config = webhook.getClientConfig();
      if (config == null || !caBundle.equals(config.getCaBundle())) {
        return false;
      }
      if (baseUrl.isPresent() && (config.getService() != null || !Objects.equals(config.getUrl(), url(config)))) {
        return false;
      }
    }
    return true;
  }

  private void apply(ValidatingWebhook webhook, String caBundle) {
    WebhookClientConfig config = webhook.getClientConfig();
    if (config == null) {
      config = new WebhookClientConfig();
      webhook.setClientConfig(config);
    }
    config.setCaBundle(caBundle);
    if (baseUrl.isPresent()) {
      config.setUrl(url(config));
      config.setService(null); // url and service are mutually exclusive
    }
  }

  /** The base URL with the entry's own path. */
  private String url(WebhookClientConfig config) {
    return baseUrl.get() + path(config);
  }

  private static String path(WebhookClientConfig config) {
    if (config.getService() != null && config.getService().getPath() != null) {
      return config.getService().getPath();
    }
    if (config.getUrl() != null) {
      String path = URI.create(config.getUrl()).getRawPath();
      if (path != null && !path.isEmpty()) {
        return path;
      }
    }
    return DEFAULT_PATH;
  }
}
