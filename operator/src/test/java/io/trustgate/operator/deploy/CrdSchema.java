package io.trustgate.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a document against a CRD's structural openAPIV3Schema the way the apiserver would for
 * what this CRD uses: type, required, enum, pattern, minItems, and unknown fields (which the
 * apiserver prunes silently, so they are errors here). CEL rules (x-kubernetes-validations)
 * are not evaluated; the policy compiler checks the same constraints.
 */
final class CrdSchema {
  private CrdSchema() {}

  static List<String> validate(JSONSchemaProps schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "", problems);
    return problems;
  }

  private static void check(JSONSchemaProps schema, JsonNode value, String path, List<String> problems) {
    String type = schema.getType();
    if (type != null && !hasType(type, value)) {
      problems.add(path + ": expected " + type + ", got " + value.getNodeType());
      return;
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()
        && schema.getEnum().stream().noneMatch(e -> e.equals(value))) {
      problems.add(path + ": " + value + " is not one of " + schema.getEnum());
    }
    if (schema.getPattern() != null && value.isTextual()
        && !Pattern.compile(schema.getPattern()).matcher(value.textValue()).find()) {
      problems.add(path + ": " + value + " does not match " + schema.getPattern());
    }
    if (value.isArray()) {
      if (schema.getMinItems() != null && value.size() < schema.getMinItems()) {
        problems.add(path + ": needs at least " + schema.getMinItems() + " items");
      }
      if (schema.getItems() != null && schema.getItems().getSchema() != null) {
        for (int i = 0; i < value.size(); i++) {
          check(schema.getItems().getSchema(), value.get(i), path + "[" + i + "]", problems);
        }
      }
    }
    if (value.isObject()) {
      Map<String, JSONSchemaProps> properties = schema.getProperties();
      if (schema.getRequired() != null) {
        for (String required : schema.getRequired()) {
          if (!value.has(required)) {
            problems.add(path + "." + required + ": is required");
          }
        }
      }
      boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JSONSchemaProps child = properties == null ? null : properties.get(field.getKey());
        if (child != null) {
          check(child, field.getValue(), path + "." + field.getKey(), problems);
        } else if (!preserve && (properties != null && !properties.isEmpty())) {
          problems.add(path + "." + field.getKey() + ": unknown field (the apiserver would prune it)");
        }
      }
    }
  }

  private static boolean hasType(String type, JsonNode value) {
    switch (type) {
      case "object":
        return value.isObject();
      case "array":
        return value.isArray();
      case "string":
        return value.isTextual();
      case "integer":
        return value.isIntegralNumber();
      case "number":
        return value.isNumber();
      case "boolean":
        return value.isBoolean();
      default:
        return true;
    }
  }
}
