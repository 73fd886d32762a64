package io.trustgate.e2e.support;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.Map;

/** The objects users apply: Pods and pod templates with given images. */
public final class Workloads {
  private Workloads() {}

  public static PodSpec spec(String... images) {
    PodSpecBuilder spec = new PodSpecBuilder().withRestartPolicy("Always");
    for (int i = 0; i < images.length; i++) {
      spec.addNewContainer().withName("c" + i).withImage(images[i]).endContainer();
    }
    return spec.build();
  }

  public static Pod pod(String namespace, String name, String... images) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withSpec(spec(images)).build();
  }

  public static PodTemplateSpec template(String app, String... images) {
    PodSpec spec = spec(images);
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
        .withSpec(spec).build();
  }
}
