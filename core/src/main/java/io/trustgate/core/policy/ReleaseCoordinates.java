package io.trustgate.core.policy;

import com.google.re2j.Pattern;

/**
 * The values of the {version}, {variant} and {arch} placeholders. They come only from a
 * validated version and the policy's own lists, so a Pod spec cannot steer a fetch.
 */
public record ReleaseCoordinates(String version, String variant, String arch) {
  public static final String VERSION = "{version}";
  public static final String VARIANT = "{variant}";
  public static final String ARCH = "{arch}";

  /** Substitutes the placeholders as-is (URLs and exact identities). */
  public String expand(String template) {
    return template.replace(VERSION, version).replace(VARIANT, variant).replace(ARCH, arch);
  }

  /** Substitutes the placeholders as quoted literals (regular expressions). */
  public String expandRegex(String template) {
    return template
        .replace(VERSION, Pattern.quote(version))
        .replace(VARIANT, Pattern.quote(variant))
        .replace(ARCH, Pattern.quote(arch));
  }

  @Override
  public String toString() {
    return version + " " + variant + "/" + arch;
  }
}
