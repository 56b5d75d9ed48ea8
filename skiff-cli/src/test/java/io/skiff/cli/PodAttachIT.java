package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code kubectl attach} and {@code kubectl run -it} with the real kubectl, over WebSocket (1.33) and SPDY (1.29):
 * a shell on a terminal (typing, resizing, its end), a logging container's output, {@code stdinOnce} against a stdin
 * kept open between attachments, and {@code kubectl run -it --rm} from creation to deletion.
 */
@RequiresRoot
@Tag("kubectl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodAttachIT {
  private static final String READ_LINES = "while read l; do echo got-$l; done; echo stdin-closed";
  private PodFixturesIT.Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), "kubectl is not installed");
    cluster = new PodFixturesIT.Cluster();
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Kubectl kubectl(String binary) {
    Assumptions.assumeTrue(Kubectl.available(binary), binary + " is not installed");
    try {
      return new Kubectl(binary, cluster.plane.kubeconfig(), Files.createDirectories(cluster.dir.resolve("kubectl-cache-" + tag(binary))));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** "kubectl" or "kubectl.1.29": a name part that tells the two runs of a test apart. */
  private static String tag(String binary) {
    return Path.of(binary).getFileName().toString().replace("kubectl", "k").replace(".", "");
  }

  /** A running pod of one container {@code c} from the test image, never restarted. */
  private void runPod(String name, boolean stdin, boolean stdinOnce, boolean tty, String... command) {
    Pod pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("c").withImage("centos:7").withCommand(command).withStdin(stdin)
        .withStdinOnce(stdinOnce).withTty(tty).endContainer().endSpec().build();
    cluster.client.pods().inNamespace("default").resource(pod).create();
    cluster.awaitPod(name + " to run", name, p -> "Running".equals(p.getStatus().getPhase()));
  }

  private ContainerStatus containerStatus(String pod) {
    return cluster.pod(pod).getStatus().getContainerStatuses().get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_29})
  void attachingToAShellOnATerminalTakesInputFollowsResizesAndEndsWithTheShell(String binary) throws Exception {
    Assumptions.assumeTrue(PodFixturesIT.Tmux.available(), "tmux is not installed");
    String pod = "tty-" + tag(binary);
    runPod(pod, true, false, true, "sh");
    Path exit = cluster.dir.resolve(pod + ".exit");
    List<String> attach = kubectl(binary).commandLine("attach", "-it", pod, "-c", "c");
    try (var tmux = new PodFixturesIT.Tmux(cluster.dir.resolve(pod + ".sock"), 100, 30, String.join(" ", attach) + "; echo $? > " + exit
        + "; sleep 60")) {
      Await.until("kubectl to attach", PodFixturesIT.WAIT, tmux::screen, s -> s.contains("If you don't see a command prompt, try pressing enter."));
      Await.until("the shell to answer", PodFixturesIT.WAIT, () -> {
        tmux.type("echo hi-$((40+2))");
        return tmux.screen();
      }, s -> s.contains("hi-42"));
      tmux.type("s=$(busybox stty size); echo size-${s/ /x}");
      Await.until("stty to show 30 rows and 100 columns", PodFixturesIT.WAIT, tmux::screen, s -> s.contains("size-30x100"));
      tmux.resize(120, 40);
      Await.until("stty to show the new size", PodFixturesIT.WAIT, () -> {
        tmux.type("s=$(busybox stty size); echo size-${s/ /x}");
        return tmux.screen();
      }, s -> s.contains("size-40x120"));
      tmux.type("exit 3");
      Await.until("kubectl to end with the shell", PodFixturesIT.WAIT, () -> read(exit), s -> !s.isEmpty());
      assertThat(read(exit)).isEqualTo("0");
    }
    Pod done = cluster.awaitPod(pod + " to fail", pod, p -> "Failed".equals(p.getStatus().getPhase()));
    assertThat(done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(3);
  }

  @Test
  void kubectlRunItRmCreatesThePodAttachesReturnsTheExitCodeAndDeletesThePod() throws Exception {
    Assumptions.assumeTrue(PodFixturesIT.Tmux.available(), "tmux is not installed");
    Path exit = cluster.dir.resolve("runner.exit");
    List<String> run = kubectl(Kubectl.NEWEST).commandLine("run", "-it", "--rm", "runner", "--image=centos:7", "--restart=Never", "--", "sh");
    try (var tmux = new PodFixturesIT.Tmux(cluster.dir.resolve("runner.sock"), 100, 30, String.join(" ", run) + "; echo $? > " + exit
        + "; sleep 60")) {
      Await.until("kubectl run to attach", PodFixturesIT.WAIT, tmux::screen, s -> s.contains("If you don't see a command prompt, try pressing enter."));
      assertThat(cluster.pod("runner").getSpec().getContainers().get(0)).satisfies(c -> {
        assertThat(c.getStdin()).isTrue();
        assertThat(c.getStdinOnce()).isTrue();
        assertThat(c.getTty()).isTrue();
      });
      Await.until("the shell to answer", PodFixturesIT.WAIT, () -> {
        tmux.type("echo run-$((40+2))");
        return tmux.screen();
      }, s -> s.contains("run-42"));
      tmux.type("exit 5");
      Await.until("kubectl run to end", PodFixturesIT.WAIT, () -> read(exit), s -> !s.isEmpty());
      assertThat(read(exit)).isEqualTo("5");
      assertThat(tmux.screen()).contains("pod \"runner\" deleted");
    }
    Await.until("the pod to be gone", PodFixturesIT.WAIT, () -> cluster.pod("runner") == null);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_29})
  void attachingToALoggingContainerStreamsItsOutputAndDetachingLeavesItRunning(String binary) throws Exception {
    String pod = "ticker-" + tag(binary);
    runPod(pod, false, false, false, "sh", "-c", "i=0; while true; do echo tick-$i; echo tock-$i >&2; i=$((i+1)); sleep 0.2; done");
    Process attach = kubectl(binary).start("attach", pod, "-c", "c");
    try {
      StringBuffer out = collect(attach.getInputStream());
      StringBuffer err = collect(attach.getErrorStream());
      Await.until("ticks on stdout", PodFixturesIT.WAIT, out::toString, s -> s.lines().filter(l -> l.startsWith("tick-")).count() >= 3);
      Await.until("tocks on stderr", PodFixturesIT.WAIT, err::toString, s -> s.contains("tock-"));
      assertThat(out.toString()).doesNotContain("tock-");
    } finally {
      attach.destroy();
      attach.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(cluster.pod(pod).getStatus().getPhase()).isEqualTo("Running");
    assertThat(containerStatus(pod).getRestartCount()).isZero();
    assertThat(containerStatus(pod).getState().getRunning()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_29})
  void withStdinOnceTheEndOfTheFirstAttachmentsInputIsTheProcesssEndOfInput(String binary) {
    String pod = "once-" + tag(binary);
    runPod(pod, true, true, false, "sh", "-c", READ_LINES);
    Kubectl.Result r = kubectl(binary).withInput("a\nb\n", "attach", "-i", pod, "-c", "c");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("got-a\ngot-b\nstdin-closed\n");
    Pod done = cluster.awaitPod(pod + " to succeed", pod, p -> "Succeeded".equals(p.getStatus().getPhase()));
    assertThat(done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
    Kubectl.Result again = kubectl(binary).run("attach", pod, "-c", "c");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("cannot attach a container in a completed pod; current phase is Succeeded");
  }

  @Test
  void withoutStdinOnceTheStdinStaysOpenForTheNextAttachment() {
    runPod("keep", true, false, false, "sh", "-c", READ_LINES);
    Kubectl k = kubectl(Kubectl.NEWEST);
    Kubectl.Result first = k.withInput("a\n", "attach", "-i", "keep", "-c", "c");
    assertThat(first.code()).as(first.all()).isZero();
    Kubectl.Result second = k.withInput("b\n", "attach", "-i", "keep", "-c", "c");
    assertThat(second.code()).as(second.all()).isZero();
    Await.until("both lines in the log", PodFixturesIT.WAIT, () -> k.run("logs", "keep").out(), s -> s.contains("got-a\ngot-b\n"));
    assertThat(k.run("logs", "keep").out()).doesNotContain("stdin-closed");
    assertThat(cluster.pod("keep").getStatus().getPhase()).isEqualTo("Running");
  }

  private static StringBuffer collect(java.io.InputStream in) {
    StringBuffer text = new StringBuffer();
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // kubectl was stopped
      }
    });
    return text;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }
}
