package io.trustgate.operator.registration;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the namespaceSelector of every webhook that admits namespaced objects (the workloads
 * webhook) equal to the configured {@link NamespaceSelection}: a selector edited by hand, or
 * left over from an older install, is put back. Webhooks for cluster-scoped objects only (the
 * TrustPolicy webhook) are left alone: a namespaceSelector does not apply to them.
 */
public final class NamespaceSelectorSync {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceSelectorSync.class);

  private final KubernetesClient client;
  private final String configurationName;
  private final LabelSelector selector;

  public NamespaceSelectorSync(KubernetesClient client, String configurationName, NamespaceSelection selection) {
    this.client = Objects.requireNonNull(client, "client");
    this.configurationName = Objects.requireNonNull(configurationName, "configurationName");
    this.selector = selection.selector();
  }

  /**
   * Writes the selector where it differs; writes nothing when all agree.
   *
   * @return false when the configuration does not exist (yet)
   */
  public boolean sync() {
    var resource = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(configurationName);
    ValidatingWebhookConfiguration current = resource.get();
    if (current == null) {
      LOG.warn("ValidatingWebhookConfiguration {} not found; its namespaceSelector will be set once it exists",
          configurationName);
      return false;
    }
    ValidatingWebhookConfiguration updated = new ValidatingWebhookConfigurationBuilder(current).build();
    boolean changed = false;
    for (ValidatingWebhook webhook : updated.getWebhooks()) {
      if (admitsNamespacedObjects(webhook) && !selector.equals(webhook.getNamespaceSelector())) {
        LOG.info("namespaceSelector of webhook {} in {} set to {} (was {})", webhook.getName(), configurationName,
            selector.getMatchExpressions(), webhook.getNamespaceSelector());
        webhook.setNamespaceSelector(selector);
        changed = true;
      }
    }
    if (changed) {
      // A replace carrying the resourceVersion read above: a concurrent edit (the caBundle
      // written by the certificate task) fails with a conflict and the next run starts over.
      client.resource(updated).update();
    }
    return true;
  }

  /** A rule's scope defaults to "*", which includes namespaced objects. */
  static boolean admitsNamespacedObjects(ValidatingWebhook webhook) {
    List<RuleWithOperations> rules = webhook.getRules() == null ? List.of() : webhook.getRules();
    return rules.stream().anyMatch(r -> !"Cluster".equals(r.getScope()));
  }
}
