package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerMount;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.host.ProcStat;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresRoot
class AdoptionIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private RuntimeFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = RuntimeFixture.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void aNewInstanceAdoptsRunningContainersAndSeesExitsThatHappenedWhileNoneRan() throws Exception {
    Path shared = Files.createDirectories(fx.work.resolve("shared"));
    SandboxConfig podConfig = fx.pod("adopted");
    SandboxStatus pod = fx.run(podConfig);
    ContainerConfig runner = fx.container("runner", "sleep", "600");
    ContainerConfig waiter = fx.shell("waiter", "while [ ! -f /shared/go ]; do sleep 0.05; done; exit 7")
        .withMounts(List.of(ContainerMount.bind(shared, "/shared", true)));
    ContainerId a = fx.runtime.createContainer(pod.id(), runner);
    ContainerId b = fx.runtime.createContainer(pod.id(), waiter);
    fx.runtime.startContainer(a);
    fx.runtime.startContainer(b);
    long pidA = Await.until("runner to run", WAIT, () -> fx.runtime.containerStatus(a), s -> s.state() == ContainerState.RUNNING).pid();
    long pidB = Await.until("waiter to run", WAIT, () -> fx.runtime.containerStatus(b), s -> s.state() == ContainerState.RUNNING).pid();

    fx.runtime.close();
    Files.writeString(shared.resolve("go"), "");
    Await.until("the waiter to exit while no runtime instance is open", WAIT, () -> !ProcStat.isRunning(pidB, 0));

    fx.runtime = fx.reopen();
    SandboxStatus adoptedPod = fx.runtime.sandboxStatus(pod.id());
    assertThat(adoptedPod.state()).isEqualTo(SandboxState.READY);
    assertThat(adoptedPod.pausePid()).isEqualTo(pod.pausePid());
    ContainerStatus stillRunning = fx.runtime.containerStatus(a);
    assertThat(stillRunning.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(stillRunning.pid()).isEqualTo(pidA);
    assertThat(ProcessHandle.of(pidA).flatMap(ProcessHandle::parent).flatMap(h -> h.info().command()))
        .as("the container's parent is still conmon").hasValueSatisfying(c -> assertThat(c).endsWith("conmon"));
    ContainerStatus exited = Await.until("the exit recorded by conmon", WAIT, () -> fx.runtime.containerStatus(b),
        s -> s.state() == ContainerState.EXITED);
    assertThat(exited.exitCode()).isEqualTo(7);

    assertThat(fx.runtime.runSandbox(podConfig).pausePid()).as("no second pause").isEqualTo(pod.pausePid());
    assertThat(fx.runtime.createContainer(pod.id(), runner)).as("no second runner").isEqualTo(a);
    fx.runtime.startContainer(a);
    assertThat(fx.runtime.listContainers(ContainerFilter.inSandbox(pod.id()))).extracting(ContainerStatus::name)
        .containsExactlyInAnyOrder("runner", "waiter");
    assertThat(fx.runtime.containerStatus(a).pid()).isEqualTo(pidA);

    fx.runtime.stopContainer(a, Duration.ZERO);
    assertThat(fx.runtime.containerStatus(a).exitCode()).isEqualTo(137);
    fx.runtime.removeSandbox(pod.id());
    assertThat(fx.runtime.listSandboxes()).isEmpty();
  }
}
