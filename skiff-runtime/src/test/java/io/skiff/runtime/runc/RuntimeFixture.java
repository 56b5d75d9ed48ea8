package io.skiff.runtime.runc;

import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.cni.NetworkConfig;
import io.skiff.runtime.host.CgroupFs;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.FileTrees;
import io.skiff.runtime.host.Mounter;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A runtime over a fresh root in /tmp with a test-unique bridge, pod subnet and cgroup parent, plus a busybox root
 * filesystem. Closing removes every sandbox and then, whatever happened, every process, mount, cgroup, bridge and
 * directory the test could have left.
 */
final class RuntimeFixture implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final String tag;
  final Path root;
  final Path work;
  final Path busybox;
  final String bridge;
  final String subnet;
  final String cgroupParent;
  final RuntimeConfig config;
  private final List<RuncRuntime> opened = new ArrayList<>();
  private final ProcessRunner runner = new ProcessRunner();
  RuncRuntime runtime;

  private RuntimeFixture(boolean ipMasq) throws IOException, InterruptedException {
    tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    root = Path.of("/tmp/skiff-it-" + tag);
    work = Path.of("/tmp/skiff-it-" + tag + "-work");
    Files.createDirectories(root);
    Files.createDirectories(work);
    busybox = BusyboxRootfs.create(work.resolve("busybox"));
    bridge = "skt" + tag;
    ThreadLocalRandom r = ThreadLocalRandom.current();
    subnet = "10." + r.nextInt(100, 250) + "." + r.nextInt(0, 255) + ".0/24";
    cgroupParent = "/skiff-it-" + tag;
    NetworkConfig network = NetworkConfig.defaults().withBridge(bridge, subnet).withIpMasq(ipMasq);
    config = RuntimeConfig.defaults(root).withNetwork(network).withCgroupParent(cgroupParent);
    runtime = reopen();
  }

  static RuntimeFixture start() throws IOException, InterruptedException {
    return new RuntimeFixture(false);
  }

  /** With the bridge plugin's masquerading on (iptables rules per pod), as in the default network. */
  static RuntimeFixture start(boolean ipMasq) throws IOException, InterruptedException {
    return new RuntimeFixture(ipMasq);
  }

  /** A new runtime instance over the same root, as after an agent restart. */
  RuncRuntime reopen() {
    RuncRuntime rt = RuncRuntime.open(config);
    opened.add(rt);
    return rt;
  }

  /** A new runtime instance over the same root with another configuration (e.g. crun). */
  RuncRuntime reopenWith(RuntimeConfig other) {
    RuncRuntime rt = RuncRuntime.open(other);
    opened.add(rt);
    return rt;
  }

  /** A fresh overlay root (busybox below, an empty upper layer) for one container. */
  Rootfs overlay(String name) throws IOException {
    Path layer = work.resolve("layers").resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectories(layer.resolve("upper"));
    Files.createDirectories(layer.resolve("work"));
    return new Rootfs.Overlay(List.of(busybox), layer.resolve("upper"), layer.resolve("work"), List.of("userxattr"));
  }

  SandboxConfig pod(String name) {
    return SandboxConfig.of(UUID.randomUUID().toString(), "default", name);
  }

  ContainerConfig container(String name, String... argv) throws IOException {
    return ContainerConfig.of(name, overlay(name), List.of(argv)).withLogPath(work.resolve("logs").resolve(name + ".log"));
  }

  ContainerConfig shell(String name, String script) throws IOException {
    return container(name, "/bin/sh", "-c", script);
  }

  SandboxStatus run(SandboxConfig pod) {
    return runtime.runSandbox(pod);
  }

  @Override
  public void close() throws IOException {
    RuntimeException failure = null;
    try {
      for (SandboxStatus s : runtime.listSandboxes()) {
        runtime.removeSandbox(s.id());
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    opened.forEach(RuncRuntime::close);
    forceClean();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Deletes the per-pod NAT chains (portmap's CNI-DN-*, the bridge plugin's masquerade chains) that mention the test's
   * subnet, and the rules jumping to them, in case a failed test never ran CNI DEL.
   */
  private void removeNatRulesOfTheSubnet() {
    String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
    List<String> lines = runner.run(CommandLine.of(TIMEOUT, "iptables-save", "-t", "nat")).stdoutText().lines().toList();
    java.util.Set<String> chains = new java.util.HashSet<>();
    for (String l : lines) {
      String[] f = l.split(" ");
      if (f.length > 1 && f[0].equals("-A") && f[1].startsWith("CNI-") && !f[1].startsWith("CNI-HOSTPORT") && l.contains(prefix)) {
        chains.add(f[1]);
      }
    }
    for (String l : lines) {
      String[] f = l.split(" ");
      boolean jumps = f.length > 1 && f[0].equals("-A") && chains.contains(f[f.length - 1]);
      boolean builtIn = f.length > 1 && f[0].equals("-A") && List.of("PREROUTING", "POSTROUTING", "OUTPUT").contains(f[1]) && l.contains(prefix);
      if ((jumps || builtIn) && !chains.contains(f[1])) {
        runner.run(CommandLine.of(TIMEOUT, "/bin/sh", "-c", "iptables -t nat " + l.replaceFirst("^-A", "-D")));
      }
    }
    for (String c : chains) {
      runner.run(CommandLine.of(TIMEOUT, "iptables", "-t", "nat", "-F", c));
      runner.run(CommandLine.of(TIMEOUT, "iptables", "-t", "nat", "-X", c));
    }
  }

  /** Whatever removeSandbox did or did not do: kill, unmount, delete. */
  private void forceClean() throws IOException {
    CgroupFs cgroups = CgroupFs.discover();
    for (Path dir : cgroups.directories(cgroupParent)) {
      try (var s = Files.walk(dir)) {
        s.filter(p -> p.getFileName().toString().equals("cgroup.procs")).forEach(procs -> {
          try {
            for (String pid : Files.readAllLines(procs)) {
              if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
              }
            }
          } catch (IOException ignored) {
            // The cgroup went away meanwhile.
          }
        });
      }
    }
    Mounter mounter = new Mounter();
    for (Path base : List.of(root, work)) {
      for (Path m : mounter.mountPointsUnder(base)) {
        runner.run(CommandLine.of(TIMEOUT, "umount", "-l", m.toString()));
      }
    }
    runner.run(CommandLine.of(TIMEOUT, "ip", "link", "del", bridge));
    removeNatRulesOfTheSubnet();
    Await.until("the test's cgroups to be removable", Duration.ofSeconds(10), () -> {
      try {
        cgroups.removeTree(cgroupParent);
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    });
    FileTrees.delete(root);
    FileTrees.delete(work);
  }
}
