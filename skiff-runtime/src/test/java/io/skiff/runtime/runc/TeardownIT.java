package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.PortMapping;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.host.CgroupFs;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.Mounter;
import io.skiff.runtime.host.ProcStat;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresRoot
class TeardownIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final ProcessRunner runner = new ProcessRunner();
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
  void removeSandboxLeavesNoProcessMountNetnsVethAddressRuleCgroupOrDirectory() throws Exception {
    SandboxStatus pod = fx.run(fx.pod("doomed").withPortMappings(List.of(PortMapping.tcp(31999, 80))));
    ContainerId web = fx.runtime.createContainer(pod.id(), fx.container("web", "httpd", "-f", "-p", "80", "-h", "/var/www"));
    ContainerId prepared = fx.runtime.createContainer(pod.id(), io.skiff.runtime.ContainerConfig.of("prepared", new Rootfs.Prepared(fx.busybox),
        List.of("sleep", "600")).withLogPath(fx.work.resolve("logs/prepared.log")));
    ContainerId done = fx.runtime.createContainer(pod.id(), fx.shell("done", "exit 0"));
    for (ContainerId id : List.of(web, prepared, done)) {
      fx.runtime.startContainer(id);
    }
    Await.until("web and prepared to run", WAIT, () -> fx.runtime.containerStatus(web).state() == ContainerState.RUNNING
        && fx.runtime.containerStatus(prepared).state() == ContainerState.RUNNING);
    ContainerStatus finished = Await.until("done to exit", WAIT, () -> fx.runtime.containerStatus(done), s -> s.state() == ContainerState.EXITED);

    List<Long> pids = new ArrayList<>(List.of(pod.pausePid(), fx.runtime.containerStatus(web).pid(), fx.runtime.containerStatus(prepared).pid()));
    List<Long> conmons = processesMentioning(fx.root.toString());
    String netnsInode = Files.readSymbolicLink(Path.of("/proc", Long.toString(pod.pausePid()), "ns", "net")).toString();
    Path brif = Path.of("/sys/class/net", fx.bridge, "brif");
    Path ipReservation = fx.root.resolve("cni/networks/skiff").resolve(pod.podIp());
    Mounter mounter = new Mounter();

    assertThat(conmons).as("conmon of the two running containers").hasSizeGreaterThanOrEqualTo(2);
    assertThat(mounter.mountPointsUnder(fx.root)).as("netns, shm and the two overlays while it runs").hasSizeGreaterThanOrEqualTo(4);
    assertThat(children(brif)).as("a veth on the bridge").isNotEmpty();
    assertThat(ipReservation).exists();
    assertThat(natRules()).contains(pod.id().value());
    assertThat(cgroupChildren()).isNotEmpty();

    fx.runtime.removeSandbox(pod.id());

    assertThat(pids).as("pause and container processes").noneMatch(p -> ProcStat.isRunning(p, 0));
    assertThat(conmons).as("conmon processes").noneMatch(p -> ProcStat.isRunning(p, 0));
    assertThat(processesMentioning(fx.root.toString())).as("any process started from the runtime root").isEmpty();
    assertThat(mounter.mountPointsUnder(fx.root)).as("mounts under the runtime root").isEmpty();
    assertThat(namespaceHolders(netnsInode)).as("processes or mounts holding the pod's netns " + netnsInode).isEmpty();
    assertThat(children(brif)).as("veths on the bridge").isEmpty();
    assertThat(ipReservation).as("the pod's IP reservation").doesNotExist();
    assertThat(natRules()).as("portmap rules of the sandbox").doesNotContain(pod.id().value());
    assertThat(cgroupChildren()).as("cgroups under " + fx.cgroupParent).isEmpty();
    for (String dir : List.of("sandboxes", "containers", "exits", "attach", "netns", "oci")) {
      assertThat(children(fx.root.resolve(dir))).as(dir).isEmpty();
    }
    assertThat(fx.runtime.listSandboxes()).isEmpty();
    assertThat(finished.logPath()).as("logs stay for the caller").exists();
    assertThat(fx.busybox.resolve("bin/busybox")).as("a prepared rootfs is the caller's and stays").exists();
  }

  @Test
  void removeSandboxAlsoCleansUpASandboxWhoseProcessesWereKilledBehindItsBack() throws Exception {
    SandboxStatus pod = fx.run(fx.pod("killed"));
    ContainerId id = fx.runtime.createContainer(pod.id(), fx.container("victim", "sleep", "600"));
    fx.runtime.startContainer(id);
    long pid = Await.until("victim to run", WAIT, () -> fx.runtime.containerStatus(id), s -> s.state() == ContainerState.RUNNING).pid();
    ProcessHandle.of(pod.pausePid()).ifPresent(ProcessHandle::destroyForcibly);
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    Await.until("the sandbox to be not ready", WAIT, () -> fx.runtime.sandboxStatus(pod.id()).pausePid() == 0);
    fx.runtime.removeSandbox(pod.id());
    assertThat(new Mounter().mountPointsUnder(fx.root)).isEmpty();
    assertThat(cgroupChildren()).isEmpty();
    assertThat(children(fx.root.resolve("sandboxes"))).isEmpty();
    assertThat(children(fx.root.resolve("containers"))).isEmpty();
  }

  private List<Path> cgroupChildren() throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path dir : CgroupFs.discover().directories(fx.cgroupParent)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(Files::isDirectory).forEach(out::add);
      }
    }
    return out;
  }

  private String natRules() {
    return runner.run(CommandLine.of(WAIT, "iptables-save", "-t", "nat")).stdoutText();
  }

  private static List<Path> children(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  /** Live processes whose command line mentions the text. */
  private static List<Long> processesMentioning(String text) throws IOException {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          long pid = Long.parseLong(p.getFileName().toString());
          if (cmd.contains(text) && pid != ProcessHandle.current().pid() && ProcStat.isRunning(pid, 0)) {
            out.add(pid);
          }
        } catch (IOException gone) {
          // The process exited while we looked.
        }
      }
    }
    return out;
  }

  /** Processes in the network namespace, and nsfs mounts of it. */
  private static List<String> namespaceHolders(String inode) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          if (Files.readSymbolicLink(p.resolve("ns/net")).toString().equals(inode)) {
            out.add("pid " + p.getFileName());
          }
        } catch (IOException gone) {
          // Exited, or a kernel thread without namespaces.
        }
      }
    }
    String number = inode.replaceAll("\\D", "");
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      if (line.contains("net:[" + number + "]")) {
        out.add(line);
      }
    }
    return out;
  }
}
