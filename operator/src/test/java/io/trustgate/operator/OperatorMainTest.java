package io.trustgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator process as a user starts it on a laptop: version, help, and no cluster. */
class OperatorMainTest {
  @TempDir Path home;

  record Run(int exitCode, String out, String err) {}

  Run operator(String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", classpath, OperatorMain.class.getName()));
    command.addAll(List.of(args));
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("TRUSTGATE_"));
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("operator did not exit");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void printsItsVersion() throws Exception {
    Run run = operator("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("trustgate-operator ");
  }

  @Test
  void withoutAClusterSaysSoInOneLineAndExits() throws Exception {
    Run run = operator("--no-leader-election");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("error: no Kubernetes cluster found").doesNotContain("\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnreadableKubeconfigIsOneLineToo() throws Exception {
    Path empty = Files.writeString(home.resolve("kubeconfig"), "");
    Run run = operator("--kubeconfig", empty.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("error: ").contains(empty.toString()).doesNotContain("\n");
  }
}
