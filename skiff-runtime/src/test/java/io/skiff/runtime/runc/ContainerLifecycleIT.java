package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.ExecResult;
import io.skiff.runtime.Resources;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresRoot
class ContainerLifecycleIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static RuntimeFixture fx;
  private static SandboxStatus pod;

  @BeforeAll
  static void setUp() throws Exception {
    fx = RuntimeFixture.start();
    pod = fx.run(fx.pod("lifecycle"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  private static ContainerStatus awaitExit(ContainerId id) {
    return Await.until("container " + id + " to exit", WAIT, () -> fx.runtime.containerStatus(id), s -> s.state() == ContainerState.EXITED);
  }

  static boolean logContains(ContainerConfig cfg, String text) {
    try {
      return Files.exists(cfg.logPath()) && Files.readString(cfg.logPath()).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void sandboxIsReadyWithAPodIpFromTheSubnet() {
    assertThat(pod.state()).isEqualTo(SandboxState.READY);
    String prefix = fx.subnet.substring(0, fx.subnet.lastIndexOf('.') + 1);
    assertThat(pod.podIp()).startsWith(prefix);
    assertThat(pod.pausePid()).isPositive();
    assertThat(pod.netnsPath()).exists();
  }

  @Test
  void containerRunsAndItsExitCodeIsReported() throws Exception {
    ContainerId id = fx.runtime.createContainer(pod.id(), fx.shell("exit3", "exit 3"));
    assertThat(fx.runtime.containerStatus(id).state()).isEqualTo(ContainerState.CREATED);
    fx.runtime.startContainer(id);
    ContainerStatus done = awaitExit(id);
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.reason()).isEqualTo(ContainerStatus.REASON_ERROR);
    assertThat(done.startedAt()).isNotNull();
    assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
    fx.runtime.removeContainer(id);
    assertThat(fx.runtime.listContainers(ContainerFilter.inSandbox(pod.id()))).noneMatch(s -> s.id().equals(id));
  }

  @Test
  void logsAreWrittenInCriFormatAtTheLogPath() throws Exception {
    ContainerConfig cfg = fx.shell("logger", "echo out-line; echo err-line >&2; printf partial");
    ContainerId id = fx.runtime.createContainer(pod.id(), cfg);
    fx.runtime.startContainer(id);
    ContainerStatus done = awaitExit(id);
    assertThat(done.exitCode()).isZero();
    assertThat(done.reason()).isEqualTo(ContainerStatus.REASON_COMPLETED);
    List<String> lines = Files.readAllLines(cfg.logPath());
    Pattern cri = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) (stdout|stderr) [FP] .*");
    assertThat(lines).allMatch(l -> cri.matcher(l).matches(), "CRI log lines");
    assertThat(lines).anyMatch(l -> l.endsWith(" stdout F out-line"));
    assertThat(lines).anyMatch(l -> l.endsWith(" stderr F err-line"));
    assertThat(lines).anyMatch(l -> l.endsWith(" stdout P partial"));
    fx.runtime.removeContainer(id);
    assertThat(cfg.logPath()).exists();
  }

  @Test
  void execSyncRunsInTheContainerAndReturnsItsExitCodeAndOutput() throws Exception {
    ContainerId id = fx.runtime.createContainer(pod.id(), fx.shell("execme", "echo marker > /tmp/m; exec sleep 600"));
    fx.runtime.startContainer(id);
    ExecResult r = Await.until("exec to see the file", WAIT, () -> fx.runtime.execSync(id, List.of("sh", "-c", "cat /tmp/m; echo e >&2; exit 4"),
        Duration.ofSeconds(10)), res -> res.stdoutText().contains("marker"));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.stdoutText()).isEqualTo("marker\n");
    assertThat(r.stderrText()).isEqualTo("e\n");
    assertThatThrownBy(() -> fx.runtime.execSync(id, List.of("sleep", "30"), Duration.ofMillis(300)))
        .isInstanceOf(SkiffException.Timeout.class);
    assertThat(fx.runtime.execSync(id, List.of("sh", "-c", "ps -o comm | grep -c '^sleep'"), Duration.ofSeconds(10)).stdoutText().trim())
        .as("the timed-out exec was killed").isEqualTo("1");
    fx.runtime.removeContainer(id);
  }

  @Test
  void stopWithGraceLetsAContainerThatHandlesSigtermExitWithItsOwnCode() throws Exception {
    ContainerConfig cfg = fx.shell("graceful", "trap 'exit 42' TERM; echo trapped; while true; do sleep 0.1; done");
    ContainerId id = fx.runtime.createContainer(pod.id(), cfg);
    fx.runtime.startContainer(id);
    // As PID 1 of its namespace the shell ignores SIGTERM until its trap is set.
    Await.until("the trap to be set", WAIT, () -> logContains(cfg, "trapped"));
    fx.runtime.stopContainer(id, Duration.ofSeconds(30));
    ContainerStatus st = fx.runtime.containerStatus(id);
    assertThat(st.state()).isEqualTo(ContainerState.EXITED);
    assertThat(st.exitCode()).as("exited through its TERM trap, not SIGKILL").isEqualTo(42);
    fx.runtime.removeContainer(id);
  }

  @Test
  void stopKillsAContainerThatIgnoresSigtermAfterTheGrace() throws Exception {
    ContainerConfig cfg = fx.shell("stubborn", "trap '' TERM; echo trapped; while true; do sleep 0.1; done");
    ContainerId id = fx.runtime.createContainer(pod.id(), cfg);
    fx.runtime.startContainer(id);
    Await.until("the trap to be set", WAIT, () -> logContains(cfg, "trapped"));
    fx.runtime.stopContainer(id, Duration.ofMillis(500));
    ContainerStatus st = fx.runtime.containerStatus(id);
    assertThat(st.state()).isEqualTo(ContainerState.EXITED);
    assertThat(st.exitCode()).as("128 + SIGKILL").isEqualTo(137);
    fx.runtime.stopContainer(id, Duration.ofSeconds(1));
    assertThat(fx.runtime.containerStatus(id).exitCode()).isEqualTo(137);
    fx.runtime.removeContainer(id);
  }

  @Test
  void aMemoryLimitBreachIsReportedAsOomKilled() throws Exception {
    ContainerConfig cfg = fx.shell("hog", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived ${#x}")
        .withResources(Resources.memoryLimit(32L * 1024 * 1024));
    ContainerId id = fx.runtime.createContainer(pod.id(), cfg);
    fx.runtime.startContainer(id);
    ContainerStatus st = awaitExit(id);
    assertThat(st.reason()).isEqualTo(ContainerStatus.REASON_OOM_KILLED);
    assertThat(st.exitCode()).isEqualTo(137);
    fx.runtime.removeContainer(id);
  }

  @Test
  void overlayLayersStackLowestFirstAndWritesLandInTheUpperDirectory() throws Exception {
    java.nio.file.Path layers = Files.createDirectories(fx.work.resolve("stack"));
    java.nio.file.Path middle = Files.createDirectories(layers.resolve("middle/etc"));
    java.nio.file.Path top = Files.createDirectories(layers.resolve("top/etc"));
    Files.writeString(middle.resolve("which"), "middle\n");
    Files.writeString(middle.resolve("only-middle"), "kept\n");
    Files.writeString(top.resolve("which"), "top\n");
    java.nio.file.Path upper = Files.createDirectories(layers.resolve("upper"));
    java.nio.file.Path work = Files.createDirectories(layers.resolve("work"));
    io.skiff.runtime.Rootfs rootfs = new io.skiff.runtime.Rootfs.Overlay(List.of(fx.busybox, middle.getParent(), top.getParent()), upper, work,
        List.of("userxattr"));
    ContainerConfig cfg = ContainerConfig.of("layered", rootfs, List.of("/bin/sh", "-c", "cat /etc/which /etc/only-middle; echo new > /written"))
        .withLogPath(fx.work.resolve("logs/layered.log"));
    ContainerId id = fx.runtime.createContainer(pod.id(), cfg);
    fx.runtime.startContainer(id);
    assertThat(awaitExit(id).exitCode()).isZero();
    assertThat(Files.readString(cfg.logPath())).contains("stdout F top").contains("stdout F kept").doesNotContain("stdout F middle");
    assertThat(upper.resolve("written")).hasContent("new");
    fx.runtime.removeContainer(id);
    assertThat(upper.resolve("written")).as("the upper directory is the caller's").exists();
  }

  @Test
  void createAndStartAreIdempotentById() throws Exception {
    ContainerConfig cfg = fx.shell("once", "exec sleep 600");
    ContainerId first = fx.runtime.createContainer(pod.id(), cfg);
    ContainerId again = fx.runtime.createContainer(pod.id(), cfg);
    assertThat(again).isEqualTo(first);
    fx.runtime.startContainer(first);
    fx.runtime.startContainer(first);
    ContainerStatus st = Await.until("running", WAIT, () -> fx.runtime.containerStatus(first), s -> s.state() == ContainerState.RUNNING);
    assertThat(fx.runtime.listContainers(ContainerFilter.inSandbox(pod.id())).stream().filter(s -> s.name().equals("once"))).hasSize(1);
    assertThat(fx.runtime.runSandbox(pod.config()).id()).isEqualTo(pod.id());
    assertThat(fx.runtime.runSandbox(pod.config()).pausePid()).isEqualTo(pod.pausePid());
    ContainerId next = fx.runtime.createContainer(pod.id(), cfg.withAttempt(1));
    assertThat(next).isNotEqualTo(first);
    assertThat(st.pid()).isPositive();
    fx.runtime.removeContainer(next);
    fx.runtime.removeContainer(first);
    fx.runtime.removeContainer(first);
  }

  @Test
  void containersAskedForWithTheSandboxAreCreatedInItAndStartOnlyWhenStarted() throws Exception {
    var config = fx.pod("alongside");
    ContainerConfig app = fx.shell("early", "cat /etc/hosts; exec sleep 600");
    SandboxStatus sandbox = fx.runtime.runSandbox(config, List.of(app));
    try {
      ContainerId id = ContainerId.of(sandbox.id(), "early", 0);
      assertThat(sandbox.state()).isEqualTo(SandboxState.READY);
      assertThat(fx.runtime.containerStatus(id).state()).isEqualTo(ContainerState.CREATED);
      assertThat(fx.runtime.createContainer(sandbox.id(), app)).isEqualTo(id);
      fx.runtime.startContainer(id);
      Await.until("running", WAIT, () -> fx.runtime.containerStatus(id), s -> s.state() == ContainerState.RUNNING);
      // The hosts file was bind-mounted before the pod IP was known and written in place since.
      Await.until("the hosts file with the pod IP", WAIT, () -> logContains(app, sandbox.podIp()));
    } finally {
      fx.runtime.removeSandbox(sandbox.id());
    }
  }
}
