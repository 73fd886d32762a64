package io.trustgate.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the shipped images really run with: the Jib entrypoint's JVM flags (from the poms) under
 * the Deployments of deploy/install.yaml. The image owns the flags; the Deployments must not set
 * any (command-line flags silently win over JAVA_TOOL_OPTIONS). The resulting heap is computed by
 * a real JVM given the flags, with -XX:MaxRAM standing in for the container memory limit. (The
 * webhook's flags include its class-data sharing archive, a path inside the image that this JVM
 * does not find; -Xshare:auto makes that harmless, as in the image if the archive is unusable.)
 */
class ShippedJvmFlagsTest {
  static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
  static final long MIB = 1L << 20;

  record Image(String name, List<String> jvmFlags) {}

  @Test
  void theDeploymentsSetNoJvmFlagsSoTheImageEntrypointIsTheOnlySource() throws Exception {
    for (Container c : containers()) {
      assertThat(c.getCommand()).as("%s replaces the image entrypoint", c.getName()).isNullOrEmpty();
      List<String> env = c.getEnv() == null ? List.of() : c.getEnv().stream().map(EnvVar::getName).toList();
      assertThat(env).as("%s env", c.getName()).doesNotContainAnyElementsOf(JVM_OPTION_VARIABLES);
      assertThat(c.getArgs()).as("%s args", c.getName()).noneMatch(a -> a.startsWith("-X") || a.startsWith("-D"));
      // The webhook's class-data sharing archive names its jar relative to the image's working directory.
      assertThat(c.getWorkingDir()).as("%s workingDir", c.getName()).isNullOrEmpty();
    }
  }

  @Test
  void theWebhookGetsTheDocumentedHeapAndALowPauseCollector() throws Exception {
    Map<String, String> flags = finalFlags("webhook");
    assertThat(Long.parseLong(flags.get("MaxHeapSize"))).isEqualTo(256 * MIB);
    assertThat(flags.get("UseG1GC")).isEqualTo("true");
    assertThat(Long.parseLong(flags.get("MaxGCPauseMillis"))).isLessThanOrEqualTo(100);
    assertThat(flags.get("ExitOnOutOfMemoryError")).isEqualTo("true");
  }

  @Test
  void theOperatorGetsTheDocumentedHeap() throws Exception {
    Map<String, String> flags = finalFlags("operator");
    assertThat(Long.parseLong(flags.get("MaxHeapSize"))).isEqualTo(192 * MIB);
    assertThat(flags.get("UseSerialGC")).isEqualTo("true");
    assertThat(flags.get("ExitOnOutOfMemoryError")).isEqualTo("true");
  }

  @Test
  void noImageFixesTheHeapSoItFollowsTheMemoryLimit() throws Exception {
    for (String module : List.of("webhook", "operator")) {
      assertThat(image(module).jvmFlags()).as(module)
          .noneMatch(f -> f.startsWith("-Xmx") || f.startsWith("-XX:MaxHeapSize") || f.startsWith("-XX:MaxRAM="))
          .filteredOn(f -> f.startsWith("-XX:MaxRAMPercentage=")).hasSize(1);
    }
  }

  /** The final JVM flags of {@code module}'s image in its Deployment's memory limit. */
  static Map<String, String> finalFlags(String module) throws Exception {
    Image image = image(module);
    Container container = containers().stream()
        .filter(c -> c.getImage().startsWith(image.name() + ":"))
        .findFirst().orElseThrow(() -> new AssertionError("no Deployment runs " + image.name()));
    Quantity limit = container.getResources().getLimits().get("memory");
    long limitBytes = Quantity.getAmountInBytes(limit).longValueExact();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:MaxRAM=" + limitBytes);
    command.addAll(image.jvmFlags());
    command.add("-XX:+PrintFlagsFinal");
    command.add("-version");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    JVM_OPTION_VARIABLES.forEach(pb.environment()::remove);
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      out = buf.toString(StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("java %s%n%s", command, out).isZero();
    Map<String, String> flags = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)").matcher(out);
    while (m.find()) {
      flags.put(m.group(1), m.group(2));
    }
    return flags;
  }

  /** The image name and entrypoint JVM flags of the Jib configuration in {@code module}/pom.xml. */
  static Image image(String module) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var pom = factory.newDocumentBuilder().parse(Manifests.ROOT.resolve(module).resolve("pom.xml").toFile());
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (!"jib-maven-plugin".equals(text(plugin, "artifactId"))) {
        continue;
      }
      Element to = (Element) plugin.getElementsByTagName("to").item(0);
      String name = text(to, "image").replaceAll(":\\$\\{project\\.version}$", "");
      return new Image(name, jvmFlags(plugin));
    }
    throw new AssertionError(module + "/pom.xml has no jib-maven-plugin");
  }

  /**
   * The JVM flags of a Jib configuration: with a custom entrypoint ({@code java FLAGS... -jar
   * JAR}), the entries between the java executable and {@code -jar}; otherwise its jvmFlags.
   */
  static List<String> jvmFlags(Element jib) {
    List<String> flags = new ArrayList<>();
    NodeList entrypoint = jib.getElementsByTagName("entrypoint");
    if (entrypoint.getLength() > 0) {
      NodeList entries = ((Element) entrypoint.item(0)).getElementsByTagName("entry");
      for (int j = 1; j < entries.getLength(); j++) {
        String entry = entries.item(j).getTextContent().trim();
        if (entry.equals("-jar")) {
          assertThat(jib.getElementsByTagName("jvmFlag").getLength()).as("jvmFlags beside an entrypoint (Jib ignores them)").isZero();
          return flags;
        }
        flags.add(entry);
      }
      throw new AssertionError("the Jib entrypoint does not run java ... -jar JAR");
    }
    NodeList jvmFlags = jib.getElementsByTagName("jvmFlag");
    for (int j = 0; j < jvmFlags.getLength(); j++) {
      flags.add(jvmFlags.item(j).getTextContent().trim());
    }
    return flags;
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  static List<Container> containers() throws Exception {
    return Manifests.read(Manifests.INSTALL).stream()
        .map(Manifests.Document::object)
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .toList();
  }
}
