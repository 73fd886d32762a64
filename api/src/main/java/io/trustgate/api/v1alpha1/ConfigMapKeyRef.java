package io.trustgate.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A key of a ConfigMap in a given namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapKeyRef {
  @JsonPropertyDescription("Namespace of the ConfigMap.")
  @Required
  public String namespace;

  @JsonPropertyDescription("Name of the ConfigMap.")
  @Required
  public String name;

  @JsonPropertyDescription("Key holding trusted_root.json. Default trusted_root.json.")
  @Default("trusted_root.json")
  public String key;

  public ConfigMapKeyRef() {}

  public ConfigMapKeyRef(String namespace, String name, String key) {
    this.namespace = namespace;
    this.name = name;
    this.key = key;
  }
}
