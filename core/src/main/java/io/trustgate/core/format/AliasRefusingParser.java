package io.trustgate.core.format;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * Refuses YAML aliases ({@code *name}). Jackson reads an alias as the plain string {@code
 * "name"}, while kubectl expands it: {@code image: *img} would be checked as an image called
 * "img" and applied as the anchored one. Refusing is safer than guessing, and aliases are rare
 * in manifests.
 */
public final class AliasRefusingParser extends JsonParserDelegate {
  private final YAMLParser yaml;

  private AliasRefusingParser(YAMLParser yaml) {
    super(yaml);
    this.yaml = yaml;
  }

  /** Wraps a YAML parser; other parsers have no aliases and are returned as they are. */
  public static JsonParser wrap(JsonParser parser) {
    return parser instanceof YAMLParser yaml ? new AliasRefusingParser(yaml) : parser;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken token = super.nextToken();
    refuseAlias();
    return token;
  }

  @Override
  public String nextFieldName() throws IOException {
    String name = super.nextFieldName();
    refuseAlias();
    return name;
  }

  @Override
  public JsonToken nextValue() throws IOException {
    JsonToken token = super.nextValue();
    refuseAlias();
    return token;
  }

  private void refuseAlias() throws IOException {
    if (yaml.isCurrentAlias()) {
      String name = yaml.getText();
      throw new JsonParseException(this, "YAML alias *" + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
          + " is not supported: write the value out (kubectl would expand it, trustgate would not)");
    }
  }
}
