package io.skiff.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class HollowRuntimeTest {
  private final HollowRuntime runtime = new HollowRuntime(InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")), new PodAddresses("10.64.0"));

  private static ContainerConfig container(String name) {
    return ContainerConfig.of(name, new Rootfs.Prepared(Path.of("/hollow")), List.of("/app"));
  }

  @Test
  void aSandboxGetsTheNextAddressOfTheNodeNetworkAndRunningItAgainReturnsIt() {
    SandboxStatus a = runtime.runSandbox(SandboxConfig.of("uid-a", "default", "a"));
    SandboxStatus b = runtime.runSandbox(SandboxConfig.of("uid-b", "default", "b"));
    assertThat(a.podIp()).isEqualTo("10.64.0.1");
    assertThat(b.podIp()).isEqualTo("10.64.0.2");
    assertThat(a.state()).isEqualTo(SandboxState.READY);
    assertThat(runtime.runSandbox(SandboxConfig.of("uid-a", "default", "a"))).isEqualTo(a);
    assertThat(runtime.runSandbox(SandboxConfig.of("uid-h", "default", "h").withHostNetwork(true)).podIp()).isEmpty();
  }

  @Test
  void containersStartAtOnceAndStopWithACleanExit() {
    SandboxStatus s = runtime.runSandbox(SandboxConfig.of("uid", "default", "p"));
    ContainerId id = runtime.createContainer(s.id(), container("app"));
    assertThat(runtime.createContainer(s.id(), container("app"))).as("idempotent").isEqualTo(id);
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.CREATED);
    runtime.startContainer(id);
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(runtime.containerStatus(id).startedAt()).isNotNull();
    runtime.stopContainer(id, Duration.ofSeconds(30));
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.EXITED);
    assertThat(runtime.containerStatus(id).exitCode()).isZero();
    assertThat(runtime.containerStatus(id).reason()).isEqualTo("Completed");
    runtime.startContainer(id);
    assertThat(runtime.containerStatus(id).state()).as("an exited container stays exited").isEqualTo(ContainerState.EXITED);
  }

  @Test
  void exitEndsAContainerWithTheGivenCode() {
    SandboxStatus s = runtime.runSandbox(SandboxConfig.of("uid", "default", "p"));
    ContainerId id = runtime.createContainer(s.id(), container("init"));
    runtime.startContainer(id);
    runtime.exit(id, 3);
    assertThat(runtime.containerStatus(id).exitCode()).isEqualTo(3);
    assertThat(runtime.containerStatus(id).reason()).isEqualTo("Error");
  }

  @Test
  void stoppingASandboxEndsItsContainersAndFreesItsAddressForTheNextPod() {
    SandboxStatus s = runtime.runSandbox(SandboxConfig.of("uid", "default", "p"));
    ContainerId id = runtime.createContainer(s.id(), container("app"));
    runtime.startContainer(id);
    runtime.stopSandbox(s.id());
    assertThat(runtime.sandboxStatus(s.id()).state()).isEqualTo(SandboxState.NOT_READY);
    assertThat(runtime.sandboxStatus(s.id()).podIp()).isEmpty();
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.EXITED);
    assertThat(runtime.runSandbox(SandboxConfig.of("uid-2", "default", "q")).podIp()).isEqualTo("10.64.0.1");
    runtime.removeSandbox(s.id());
    assertThat(runtime.listContainers(ContainerFilter.all())).isEmpty();
    assertThatThrownBy(() -> runtime.sandboxStatus(s.id())).isInstanceOf(SkiffException.NotFound.class);
  }

  @Test
  void execIsRefusedBecauseNothingRuns() {
    SandboxStatus s = runtime.runSandbox(SandboxConfig.of("uid", "default", "p"));
    ContainerId id = runtime.createContainer(s.id(), container("app"));
    assertThatThrownBy(() -> runtime.execSync(id, List.of("true"), Duration.ofSeconds(1))).isInstanceOf(SkiffException.Unavailable.class);
  }
}
