package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ExecResult;
import io.skiff.runtime.SandboxStatus;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresRoot
class ProcessNamespaceIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static RuntimeFixture fx;

  @BeforeAll
  static void setUp() throws Exception {
    fx = RuntimeFixture.start();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  private static String ps(ContainerId id) {
    ExecResult r = fx.runtime.execSync(id, List.of("ps", "-o", "pid,ppid,stat,args"), Duration.ofSeconds(10));
    return r.stdoutText();
  }

  @Test
  void withASharedProcessNamespaceThePauseIsPidOneAndReapsAnOrphanedZombie() throws Exception {
    SandboxStatus pod = fx.run(fx.pod("shared").withShareProcessNamespace(true));
    ContainerId id = fx.runtime.createContainer(pod.id(), fx.shell("parent", "sh -c 'sleep 3 &'; exec sleep 600"));
    fx.runtime.startContainer(id);
    Await.until("the container to run", WAIT, () -> fx.runtime.containerStatus(id).state() == ContainerState.RUNNING);

    String cmdline = fx.runtime.execSync(id, List.of("cat", "/proc/1/cmdline"), Duration.ofSeconds(10)).stdoutText();
    assertThat(cmdline).isEqualTo("/catatonit\0-P\0");

    String orphaned = Await.until("the orphan to be re-parented to PID 1", WAIT, () -> ps(id),
        out -> out.lines().anyMatch(l -> l.trim().matches("\\d+\\s+1\\s+\\S+\\s+sleep 3")));
    assertThat(orphaned).contains("sleep 600");
    String after = Await.until("the orphan to exit and be reaped", WAIT, () -> ps(id), out -> !out.contains("sleep 3"));
    assertThat(after.lines().skip(1)).as("no zombies in the pod").noneMatch(l -> l.trim().split("\\s+")[2].startsWith("Z"));
    fx.runtime.removeSandbox(pod.id());
  }

  @Test
  void withoutSharingEachContainerIsPidOneOfItsOwnNamespace() throws Exception {
    SandboxStatus pod = fx.run(fx.pod("private"));
    ContainerId id = fx.runtime.createContainer(pod.id(), fx.container("alone", "sleep", "600"));
    fx.runtime.startContainer(id);
    Await.until("the container to run", WAIT, () -> fx.runtime.containerStatus(id).state() == ContainerState.RUNNING);
    String cmdline = fx.runtime.execSync(id, List.of("cat", "/proc/1/cmdline"), Duration.ofSeconds(10)).stdoutText();
    assertThat(cmdline).isEqualTo("sleep\0" + "600\0");
    fx.runtime.removeSandbox(pod.id());
  }
}
