package io.trustgate.core.evidence;

import java.nio.charset.StandardCharsets;

/**
 * The in-cluster form of an evidence mirror, shared by {@code trustgate import} (which writes
 * it) and the webhook (which reads it): one ConfigMap per signed document, labelled
 * {@value #LABEL}={@code "true"}, annotated with the URL it stands in for, holding the exact
 * bytes in {@code binaryData} (base64, so no YAML tool can alter a signed byte).
 */
public final class MirrorConfigMap {
  /** Label selecting mirror ConfigMaps; value {@code "true"}. */
  public static final String LABEL = "trustgate.io/mirror";
  /** Annotation: the URL (as in the policy, placeholders substituted) this ConfigMap answers. */
  public static final String URL_ANNOTATION = "trustgate.io/url";
  /** binaryData key: the document (release manifest or revocation list), exact bytes. */
  public static final String DOCUMENT_KEY = "document";
  /** binaryData key: its Sigstore bundle, served for {@code <url>.bundle}. */
  public static final String BUNDLE_KEY = "bundle";
  /** Namespace the webhook reads mirror ConfigMaps from by default. */
  public static final String DEFAULT_NAMESPACE = "trustgate-system";

  private MirrorConfigMap() {}

  /** A stable, valid ConfigMap name for a URL: {@code trustgate-mirror-<first 20 hex of sha256(url)>}. */
  public static String nameFor(String url) {
    return "trustgate-mirror-" + io.trustgate.core.format.Sha256.hex(url.getBytes(StandardCharsets.UTF_8)).substring(0, 20);
  }
}
