package io.trustgate.kube.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.trustgate.core.evidence.FetchResult;
import io.trustgate.core.evidence.MirrorConfigMap;
import io.trustgate.kube.testing.Eventually;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mirror ConfigMaps as the webhook's evidence: what `trustgate import` writes, it serves. */
@EnableKubernetesMockClient(crud = true)
public class ConfigMapMirrorIT {
  static final String NS = MirrorConfigMap.DEFAULT_NAMESPACE;
  static final String UPSTREAM = "https://github.com/acme-labs/forge/releases/download/";
  static final Path EXAMPLES = Path.of("..", "examples", "mirror", "acme-labs", "forge", "releases", "download");
  /** `trustgate import` output for three example documents; ImportCommandTest keeps it current. */
  static final String IMPORTED = "imported-examples.yaml";
  static final String URL = "https://releases.example.test/v1.0.0/dev-image-x86_64.manifest.json";

  KubernetesClient client;
  ConfigMapMirror mirror;

  @BeforeEach
  void setUp() {
    mirror = new ConfigMapMirror(client);
  }

  @AfterEach
  void tearDown() {
    mirror.close();
  }

  public static List<HasMetadata> imported(KubernetesClient client) throws Exception {
    try (InputStream in = ConfigMapMirrorIT.class.getResourceAsStream(IMPORTED)) {
      return client.load(in).items();
    }
  }

  static ConfigMap mirrorConfigMap(String name, String url, String document, String bundle) {
    ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withNamespace(NS).withName(name)
        .addToLabels(MirrorConfigMap.LABEL, "true").addToAnnotations(MirrorConfigMap.URL_ANNOTATION, url).endMetadata();
    if (document != null) {
      b.addToBinaryData(MirrorConfigMap.DOCUMENT_KEY, base64(document));
    }
    if (bundle != null) {
      b.addToBinaryData(MirrorConfigMap.BUNDLE_KEY, base64(bundle));
    }
    return b.build();
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  void startAndSync() {
    mirror.start();
    Eventually.await("the mirror synced", mirror::synced);
  }

  static FetchResult found(String url, String text) {
    return new FetchResult.Found(url, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void servesTheExactBytesOfImportedConfigMaps() throws Exception {
    for (HasMetadata cm : imported(client)) {
      client.resource(cm).create();
    }
    startAndSync();
    assertThat(mirror.size()).isEqualTo(3);
    for (String doc : List.of("revocations/revoked-versions.json", "v0.13.0/dev-image-x86_64.manifest.json",
        "v0.14.1/dev-image-x86_64.manifest.json")) {
      assertThat(mirror.fetch(UPSTREAM + doc))
          .isEqualTo(new FetchResult.Found(UPSTREAM + doc, Files.readAllBytes(EXAMPLES.resolve(doc))));
      assertThat(mirror.fetch(UPSTREAM + doc + ".bundle"))
          .isEqualTo(new FetchResult.Found(UPSTREAM + doc + ".bundle", Files.readAllBytes(EXAMPLES.resolve(doc + ".bundle"))));
    }
    assertThat(mirror.fetch(UPSTREAM + "v0.13.0/dev-image-aarch64.manifest.json")).isInstanceOf(FetchResult.NotFound.class);
  }

  @Test
  void followsConfigMapsAddedUpdatedAndDeleted() {
    startAndSync();
    assertThat(mirror.fetch(URL)).isEqualTo(new FetchResult.NotFound(URL));

    client.resource(mirrorConfigMap("m1", URL, "first", "first bundle")).create();
    Eventually.await("the added ConfigMap is served", () -> mirror.fetch(URL).equals(found(URL, "first")));
    assertThat(mirror.fetch(URL + ".bundle")).isEqualTo(found(URL + ".bundle", "first bundle"));

    client.resource(mirrorConfigMap("m1", URL, "second", "second bundle")).update();
    Eventually.await("the update is served", () -> mirror.fetch(URL).equals(found(URL, "second")));
    assertThat(mirror.fetch(URL + ".bundle")).isEqualTo(found(URL + ".bundle", "second bundle"));

    client.configMaps().inNamespace(NS).withName("m1").delete();
    Eventually.await("the deletion is seen", () -> mirror.fetch(URL) instanceof FetchResult.NotFound);
    assertThat(mirror.fetch(URL + ".bundle")).isInstanceOf(FetchResult.NotFound.class);
  }

  @Test
  void failsRatherThanSayingNotFoundBeforeTheFirstList() {
    assertThat(mirror.fetch(URL)).isInstanceOf(FetchResult.Failed.class);
    assertThat(((FetchResult.Failed) mirror.fetch(URL)).message()).contains("not loaded yet");
  }

  @Test
  void ignoresConfigMapsWithoutTheLabelOrInAnotherNamespace() {
    ConfigMap unlabelled = mirrorConfigMap("unlabelled", URL, "x", "y");
    unlabelled.getMetadata().getLabels().clear();
    client.resource(unlabelled).create();
    ConfigMap elsewhere = mirrorConfigMap("elsewhere", URL, "x", "y");
    elsewhere.getMetadata().setNamespace("default");
    client.resource(elsewhere).create();
    startAndSync();
    client.resource(mirrorConfigMap("marker", URL + ".marker", "m", null)).create();
    Eventually.await("a later ConfigMap is served", () -> mirror.fetch(URL + ".marker") instanceof FetchResult.Found);
    assertThat(mirror.fetch(URL)).isEqualTo(new FetchResult.NotFound(URL));
  }

  @Test
  void aMissingBundleKeyIsNotFoundAndBadBase64Fails() {
    client.resource(mirrorConfigMap("unsigned", URL, "document", null)).create();
    ConfigMap bad = mirrorConfigMap("bad", URL + ".bad", null, null);
    bad.setBinaryData(Map.of(MirrorConfigMap.DOCUMENT_KEY, "not base64!"));
    client.resource(bad).create();
    startAndSync();
    assertThat(mirror.fetch(URL)).isEqualTo(found(URL, "document"));
    assertThat(mirror.fetch(URL + ".bundle")).isEqualTo(new FetchResult.NotFound(URL + ".bundle"));
    assertThat(mirror.fetch(URL + ".bad")).isInstanceOf(FetchResult.Failed.class);
  }

  @Test
  void acceptsTextDataForHandMadeConfigMaps() {
    ConfigMap cm = mirrorConfigMap("text", URL, null, null);
    cm.setData(Map.of(MirrorConfigMap.DOCUMENT_KEY, "{\"schema_version\":1}"));
    client.resource(cm).create();
    startAndSync();
    assertThat(mirror.fetch(URL)).isEqualTo(found(URL, "{\"schema_version\":1}"));
  }

  @Test
  void prefersTheImportNameWhenTwoConfigMapsClaimOneUrl() {
    client.resource(mirrorConfigMap("a-hand-made", URL, "hand made", null)).create();
    client.resource(mirrorConfigMap(MirrorConfigMap.nameFor(URL), URL, "imported", null)).create();
    startAndSync();
    assertThat(mirror.fetch(URL)).isEqualTo(found(URL, "imported"));
  }
}
