package io.trustgate.operator.policy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core/v1 Events about TrustPolicies and Pods. Events about a cluster-scoped object go to
 * the {@code default} namespace, where {@code kubectl describe} looks for them. A failure to
 * record an Event is logged, never fatal: the status carries the same facts.
 */
public final class PolicyEvents {
  public static final String COMPONENT = "trustgate-operator";
  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";
  private static final Logger LOG = LoggerFactory.getLogger(PolicyEvents.class);
  private static final String CLUSTER_SCOPED_NAMESPACE = "default";
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public PolicyEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void normal(HasMetadata about, String reason, String message) {
    emit(about, NORMAL, reason, message);
  }

  void warning(HasMetadata about, String reason, String message) {
    emit(about, WARNING, reason, message);
  }

  private void emit(HasMetadata about, String type, String reason, String message) {
    String ns = about.getMetadata().getNamespace() == null
        ? CLUSTER_SCOPED_NAMESPACE
        : about.getMetadata().getNamespace();
    String now = clock.instant().toString();
    Event event = new EventBuilder()
        .withNewMetadata()
            .withNamespace(ns)
            .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(about.getApiVersion())
            .withKind(about.getKind())
            .withName(about.getMetadata().getName())
            .withNamespace(about.getMetadata().getNamespace())
            .withUid(about.getMetadata().getUid())
            .withResourceVersion(about.getMetadata().getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(COMPONENT)
        .build();
    LOG.info("{} event {} on {} {}: {}", type.toLowerCase(Locale.ROOT), reason, about.getKind(),
        about.getMetadata().getNamespace() == null
            ? about.getMetadata().getName()
            : about.getMetadata().getNamespace() + "/" + about.getMetadata().getName(),
        message);
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {} {}: {}", reason, about.getKind(), about.getMetadata().getName(),
          e.getMessage());
    }
  }
}
