package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl exec} against real pods with the real kubectl (1.33 and 1.30): the seed's interactive flow under a
 * real terminal (tmux), piped stdin, exit codes, and the errors Kubernetes gives for a wrong container, a finished
 * init container, a missing command and a completed pod.
 */
@RequiresRoot
@Tag("kubectl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodExecIT {
  private static final Path SEED = Path.of(System.getProperty("skiff.seed", "../../shared/seed"));
  private static final String POD = "init-volume-pod";

  private PodFixturesIT.Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), "kubectl is not installed");
    Path seed = SEED.resolve("init-volume.yaml");
    Assumptions.assumeTrue(Files.exists(seed), "seed manifest " + seed + " not found");
    cluster = new PodFixturesIT.Cluster();
    Kubectl.Result applied = kubectl(Kubectl.NEWEST).run("apply", "-f", seed.toString());
    assertThat(applied.code()).as(applied.all()).isZero();
    cluster.awaitPod(POD + " to run", POD, p -> "Running".equals(p.getStatus().getPhase()));
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  Kubectl kubectl(String binary) {
    Assumptions.assumeTrue(Kubectl.available(binary), binary + " is not installed");
    try {
      return new Kubectl(binary, cluster.plane.kubeconfig(), Files.createDirectories(cluster.dir.resolve("kubectl-cache-" + Path.of(binary).getFileName())));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void execRunsTheCommandInTheContainerAndSeesTheSharedVolume(String binary) {
    Kubectl.Result r = kubectl(binary).run("exec", POD, "-c", "centos3", "--", "cat", "/opt/data/123.txt", "/opt/data/456.txt");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("123\n456\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void pipedStdinReachesTheCommandAndItsExitCodeReachesKubectl(String binary) {
    Kubectl.Result r = kubectl(binary).withInput("hello from stdin\n", "exec", "-i", POD, "-c", "centos3", "--", "sh", "-c",
        "cat; echo to-stderr >&2; exit 3");
    assertThat(r.out()).isEqualTo("hello from stdin\n");
    assertThat(r.err()).contains("to-stderr").contains("command terminated with exit code 3");
    assertThat(r.code()).isEqualTo(3);
  }

  @Test
  void aMissingCommandExitsWith127AndRuncsReason() {
    Kubectl.Result r = kubectl(Kubectl.NEWEST).run("exec", POD, "-c", "centos3", "--", "no-such-command");
    assertThat(r.err()).contains("executable file not found").contains("command terminated with exit code 127");
    assertThat(r.code()).isEqualTo(127);
  }

  @Test
  void aContainerThePodDoesNotHaveIsABadRequest() {
    Kubectl.Result r = kubectl(Kubectl.NEWEST).run("exec", POD, "-c", "nope", "--", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Error from server (BadRequest): container nope is not valid for pod " + POD);
  }

  @Test
  void aFinishedInitContainerIsNotFoundAsTheKubeletSaysIt() {
    Kubectl.Result r = kubectl(Kubectl.NEWEST).run("exec", POD, "-c", "centos1", "--", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Error from server (BadRequest): container not found (\"centos1\")");
  }

  @Test
  void aCompletedPodCannotBeExecedInto() {
    Kubectl k = kubectl(Kubectl.NEWEST);
    Kubectl.Result run = k.run("run", "done", "--image=centos:7", "--restart=Never", "--", "/bin/true");
    assertThat(run.code()).as(run.all()).isZero();
    cluster.awaitPod("done to succeed", "done", p -> "Succeeded".equals(p.getStatus().getPhase()));
    Kubectl.Result r = k.run("exec", "done", "--", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot exec into a container in a completed pod; current phase is Succeeded");
  }

  /** The seed's question: a shell in centos3 on a real terminal; resize; the exit code typed is kubectl's. */
  @Test
  void anInteractiveShellOnATerminalRunsCommandsFollowsResizesAndExitsWithTheCodeTyped() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
    Path socket = cluster.dir.resolve("tmux.sock");
    Path exit = cluster.dir.resolve("tmux-exit");
    List<String> kubectl = kubectl(Kubectl.NEWEST).commandLine("exec", "-it", POD, "-c", "centos3", "--", "bash");
    String shell = String.join(" ", kubectl) + "; echo $? > " + exit + "; sleep 60";
    tmux(socket, "new-session", "-d", "-s", "seed", "-x", "100", "-y", "30", shell);
    try {
      tmux(socket, "send-keys", "-t", "seed", "cat /opt/data/123.txt /opt/data/456.txt; echo done-$((40+2))", "Enter");
      Await.until("the shell to print the shared files", PodFixturesIT.WAIT, () -> pane(socket), p -> p.contains("123\n456\ndone-42"));
      tmux(socket, "send-keys", "-t", "seed", "s=$(busybox stty size); echo size-${s/ /x}", "Enter");
      Await.until("stty to show 30 rows and 100 columns", PodFixturesIT.WAIT, () -> pane(socket), p -> p.contains("size-30x100"));
      tmux(socket, "resize-window", "-t", "seed", "-x", "120", "-y", "40");
      Await.until("stty to show the new size", PodFixturesIT.WAIT, () -> {
        tmux(socket, "send-keys", "-t", "seed", "s=$(busybox stty size); echo size-${s/ /x}", "Enter");
        return pane(socket);
      }, p -> p.contains("size-40x120"));
      tmux(socket, "send-keys", "-t", "seed", "exit 3", "Enter");
      Await.until("kubectl to exit", PodFixturesIT.WAIT, () -> read(exit), s -> !s.isEmpty());
      assertThat(Files.readString(exit).strip()).isEqualTo("3");
    } finally {
      tmux(socket, "kill-server");
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String pane(Path socket) {
    return tmux(socket, "capture-pane", "-p", "-J", "-t", "seed", "-S", "-100");
  }

  private static String tmux(Path socket, String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/tmux", "-S", socket.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot run tmux", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
