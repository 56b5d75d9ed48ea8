package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.host.CgroupFs;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The same runtime with crun selected instead of runc, and a container with a terminal. */
@RequiresRoot
class CrunIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** crun 1.8 refuses hybrid cgroups once the unified hierarchy has controllers (this CI host has hugetlb there). */
  private static boolean crunRefusesTheseCgroups() {
    CgroupFs cg = CgroupFs.discover();
    return cg.mode() == CgroupFs.Mode.HYBRID && !cg.unifiedControllers().isEmpty();
  }

  @Test
  void crunIsRefusedUpFrontWhereItCannotManageTheCgroups() throws Exception {
    Assumptions.assumeTrue(crunRefusesTheseCgroups(), "this host's cgroups suit crun");
    try (RuntimeFixture fx = RuntimeFixture.start()) {
      assertThatThrownBy(() -> fx.reopenWith(fx.config.withOciRuntime(OciRuntimeBinary.crun())))
          .isInstanceOf(SkiffException.Unavailable.class).hasMessageContaining("select runc");
    }
  }

  @Test
  void crunRunsThePodAndReportsExitCodesAndLogs() throws Exception {
    Assumptions.assumeFalse(crunRefusesTheseCgroups(), "crun 1.8 refuses hybrid cgroups with controllers on the unified hierarchy");
    try (RuntimeFixture fx = RuntimeFixture.start()) {
      RuncRuntime crun = fx.reopenWith(fx.config.withOciRuntime(OciRuntimeBinary.crun()));
      fx.runtime = crun;
      assertThat(crun.info().name()).isEqualTo("crun");
      SandboxStatus pod = crun.runSandbox(fx.pod("crun").withShareProcessNamespace(true));
      ContainerConfig cfg = fx.shell("app", "cat /proc/1/cmdline | tr '\\0' ' '; echo; exit 5");
      ContainerId id = crun.createContainer(pod.id(), cfg);
      crun.startContainer(id);
      ContainerStatus st = Await.until("exit", WAIT, () -> crun.containerStatus(id), s -> s.state() == ContainerState.EXITED);
      assertThat(st.exitCode()).isEqualTo(5);
      assertThat(Files.readString(cfg.logPath())).contains("stdout F /catatonit -P");
      crun.removeSandbox(pod.id());
      assertThat(crun.listSandboxes()).isEmpty();
    }
  }

  @Test
  void aContainerWithATerminalSeesATtyAndItsOutputIsLogged() throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start()) {
      SandboxStatus pod = fx.run(fx.pod("tty"));
      ContainerConfig cfg = fx.shell("term", "tty; [ -t 0 ] && echo interactive").withStdio(true, true, false);
      ContainerId id = fx.runtime.createContainer(pod.id(), cfg);
      fx.runtime.startContainer(id);
      ContainerStatus st = Await.until("exit", WAIT, () -> fx.runtime.containerStatus(id), s -> s.state() == ContainerState.EXITED);
      assertThat(st.exitCode()).isZero();
      List<String> lines = Files.readAllLines(cfg.logPath());
      assertThat(lines).anyMatch(l -> l.contains(" stdout F /dev/pts/"));
      assertThat(lines).anyMatch(l -> l.endsWith(" stdout F interactive"));
      fx.runtime.removeSandbox(pod.id());
    }
  }
}
