package io.trustgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * heapMiB really sets the heap: the image's entrypoint flags (the Jib jvmFlags of the module's
 * pom) run by a real JVM under the memory limit the chart renders, -XX:MaxRAM standing in for
 * the container limit, give exactly the requested heap.
 */
class ChartHeapTest {
  static final long MIB = 1L << 20;

  @ParameterizedTest
  @CsvSource({"webhook, trustgate-webhook, 384", "webhook, trustgate-webhook, 1024", "operator, trustgate-operator, 128"})
  void heapMiBIsTheHeapTheImageRunsWith(String component, String deployment, int heapMiB) throws Exception {
    Chart.Rendered r = Chart.render(Chart.values(component + ".heapMiB", heapMiB));
    Quantity limit = r.one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0)
        .getResources().getLimits().get("memory");
    assertThat(Quantity.getAmountInBytes(limit).longValueExact()).isEqualTo(2L * heapMiB * MIB);

    assertThat(maxHeapSize(component, Quantity.getAmountInBytes(limit).longValueExact())).isEqualTo(heapMiB * MIB);
  }

  /** MaxHeapSize of a JVM started with the image's flags under a memory limit. */
  static long maxHeapSize(String module, long limitBytes) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:MaxRAM=" + limitBytes);
    command.addAll(jvmFlags(module));
    command.add("-XX:+PrintFlagsFinal");
    command.add("-version");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
      pb.environment().remove(variable);
    }
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      out = buf.toString(StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("java %s%n%s", command, out).isZero();
    Matcher m = Pattern.compile("(?m)^\\s*size_t\\s+MaxHeapSize\\s+:?=\\s+(\\d+)").matcher(out);
    assertThat(m.find()).as("MaxHeapSize in%n%s", out).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** The entrypoint JVM flags of the Jib configuration in {@code module}/pom.xml (its entrypoint's, or its jvmFlags). */
  static List<String> jvmFlags(String module) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var pom = factory.newDocumentBuilder().parse(Chart.ROOT.resolve(module).resolve("pom.xml").toFile());
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (!"jib-maven-plugin".equals(plugin.getElementsByTagName("artifactId").item(0).getTextContent().trim())) {
        continue;
      }
      List<String> flags = new ArrayList<>();
      NodeList entrypoint = plugin.getElementsByTagName("entrypoint");
      if (entrypoint.getLength() > 0) {
        // A custom entrypoint `java FLAGS... -jar JAR`: the entries between java and -jar.
        NodeList entries = ((Element) entrypoint.item(0)).getElementsByTagName("entry");
        for (int j = 1; j < entries.getLength() && !entries.item(j).getTextContent().trim().equals("-jar"); j++) {
          flags.add(entries.item(j).getTextContent().trim());
        }
      } else {
        NodeList jvmFlags = plugin.getElementsByTagName("jvmFlag");
        for (int j = 0; j < jvmFlags.getLength(); j++) {
          flags.add(jvmFlags.item(j).getTextContent().trim());
        }
      }
      assertThat(flags).as(module + " image flags").isNotEmpty();
      return flags;
    }
    throw new AssertionError(module + "/pom.xml has no jib-maven-plugin");
  }

}
