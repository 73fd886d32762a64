package io.trustgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustgate.kube.testing.ProcessLog;
import io.trustgate.webhook.testing.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The image tree the build writes (target/image: jlinked runtime, jar, CDS archive; see pom.xml)
 * started the way the image starts it: copied to another directory with every file's time set to
 * 1970-01-01T00:00:01Z (what Jib gives the files of an image), from the tree's root, with the Jib
 * entrypoint of pom.xml, but -Xshare:on instead of -Xshare:auto, so that an archive the image's
 * JVM would not map (another JVM build, another jar, another class path) stops the JVM instead of
 * silently costing start-up time. The image itself is not built here (that needs a registry).
 */
class ImageTreeIT {
  static final Path IMAGE_TREE = Path.of("target", "image");
  static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  static final FileTime JIB_FILE_TIME = FileTime.from(Instant.ofEpochSecond(1));
  static final Pattern PORT = Pattern.compile("serving HTTPS on port (\\d+)");
  static final String FROM_ARCHIVE = "source: shared objects file (top)";

  @TempDir Path dir;
  Path root;

  @BeforeEach
  void copyTheTreeAsTheImageHoldsIt() throws Exception {
    assertThat(IMAGE_TREE.resolve("app/trustgate-webhook.jsa")).as("built at package").isRegularFile();
    root = dir.resolve("root");
    try (Stream<Path> files = Files.walk(IMAGE_TREE)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = root.resolve(IMAGE_TREE.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
          Files.setLastModifiedTime(target, JIB_FILE_TIME);
        }
      }
    }
  }

  @Test
  void theImageRuntimeMapsTheArchiveAndServesReadyFromACopyOfTheTree() throws Exception {
    Path policies = Files.createDirectory(dir.resolve("policies"));
    Files.copy(EXAMPLES.resolve("policy.yaml"), policies.resolve("policy.yaml"));
    TestTls tls = new TestTls();
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    tls.writeServing(cert, key, "webhook");
    Path classLog = dir.resolve("class-load.log");
    List<String> command = strict(entrypoint());
    command.add(1, "-Xlog:class+load=info:file=" + classLog);
    command.addAll(List.of("--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString(),
        "--policies", policies.toString(), "--trusted-root", EXAMPLES.resolve("trusted_root.json").toString(),
        "--mirror-dir", EXAMPLES.resolve("mirror").toString(), "--offline"));
    Process process = start(command, dir.resolve("process.log"));
    ProcessLog output = new ProcessLog(dir.resolve("process.log"));
    try {
      int port = output.await(PORT, 120);
      WebhookShutdownIT.awaitReady(tls.client(), port);
      List<String> loaded = Files.readAllLines(classLog);
      assertThat(loaded).as("class-load log")
          .anyMatch(l -> l.contains(" io.trustgate.webhook.WebhookServer " + FROM_ARCHIVE))
          .anyMatch(l -> l.contains(" io.micronaut.context.DefaultApplicationContext " + FROM_ARCHIVE));
      assertThat(loaded.stream().filter(l -> l.contains(FROM_ARCHIVE)).count())
          .as("classes mapped from the application archive").isGreaterThan(3_000);
    } finally {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void aJarOtherThanTheTrainedOneStopsTheStrictStart() throws Exception {
    Files.setLastModifiedTime(root.resolve("app/trustgate-webhook.jar"), FileTime.from(Instant.ofEpochSecond(2)));
    List<String> command = strict(entrypoint());
    command.add("--version");
    Process process = start(command, dir.resolve("process.log"));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(dir.resolve("process.log"));
    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output).contains("A jar file is not the one used while building the shared archive file");
  }

  @Test
  void everyExecutableOfTheTreeIsExecutableInTheImage() throws Exception {
    List<String> executables = new ArrayList<>();
    try (Stream<Path> files = Files.walk(IMAGE_TREE)) {
      files.filter(Files::isRegularFile).filter(Files::isExecutable)
          .forEach(f -> executables.add("/" + IMAGE_TREE.relativize(f).toString().replace('\\', '/')));
    }
    assertThat(executables).contains("/opt/java/bin/java");
    List<String> mode755 = new ArrayList<>();
    NodeList permissions = pom().getElementsByTagName("permission");
    for (int i = 0; i < permissions.getLength(); i++) {
      Element permission = (Element) permissions.item(i);
      if (permission.getElementsByTagName("mode").item(0).getTextContent().trim().equals("755")) {
        mode755.add(permission.getElementsByTagName("file").item(0).getTextContent().trim());
      }
    }
    assertThat(mode755).as("Jib extraDirectories permissions with mode 755").containsExactlyInAnyOrderElementsOf(executables);
  }

  /** The entrypoint with the image's java in the copied tree and -Xshare:on. */
  private List<String> strict(List<String> entrypoint) {
    assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
    assertThat(entrypoint).contains("-Xshare:auto");
    List<String> command = new ArrayList<>();
    command.add(root.resolve("opt/java/bin/java").toString());
    for (String entry : entrypoint.subList(1, entrypoint.size())) {
      command.add(entry.equals("-Xshare:auto") ? "-Xshare:on" : entry);
    }
    // The Deployment's memory limit (deploy/install.yaml), which the JVM reads in the container.
    command.add(1, "-XX:MaxRAM=512m");
    return command;
  }

  private Process start(List<String> command, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
      pb.environment().remove(variable);
    }
    pb.environment().put("TRUSTGATE_LOG_FORMAT", "TEXT");
    return pb.start();
  }

  static org.w3c.dom.Document pom() throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
  }

  /** The Jib entrypoint of pom.xml, entry by entry. */
  static List<String> entrypoint() throws Exception {
    NodeList entrypoints = pom().getElementsByTagName("entrypoint");
    assertThat(entrypoints.getLength()).as("Jib entrypoints in pom.xml").isEqualTo(1);
    NodeList entries = ((Element) entrypoints.item(0)).getElementsByTagName("entry");
    List<String> result = new ArrayList<>();
    for (int i = 0; i < entries.getLength(); i++) {
      result.add(entries.item(i).getTextContent().trim());
    }
    return result;
  }
}
