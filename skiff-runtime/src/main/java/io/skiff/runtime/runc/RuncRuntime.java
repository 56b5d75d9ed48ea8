package io.skiff.runtime.runc;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerRuntime;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.ExecResult;
import io.skiff.runtime.RuntimeInfo;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.cni.CniNetwork;
import io.skiff.runtime.conmon.Conmon;
import io.skiff.runtime.conmon.ExitWatcher;
import io.skiff.runtime.host.CgroupFs;
import io.skiff.runtime.host.Mounter;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.runtime.oci.CapabilitySet;
import io.skiff.runtime.oci.SpecGenerator;
import io.skiff.runtime.sandbox.NetworkNamespaces;
import io.skiff.runtime.sandbox.SandboxImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The container runtime on runc (or crun) under conmon, with CNI networking and catatonit pause sandboxes. Open one
 * per runtime root with {@link #open(RuntimeConfig)}; a later instance over the same root adopts everything an
 * earlier one started. Closing stops only this instance's exit watcher.
 */
public final class RuncRuntime implements ContainerRuntime, io.skiff.runtime.ContainerExits {
  private final RuntimeParts parts;
  private final SandboxLifecycle sandboxes;
  private final ContainerLifecycle containers;
  private volatile RuntimeInfo info;

  private RuncRuntime(RuntimeParts parts) {
    this.parts = parts;
    this.containers = new ContainerLifecycle(parts);
    this.sandboxes = new SandboxLifecycle(parts, containers);
  }

  /**
   * Checks that the programs are installed, prepares the root and the sandbox image, and starts watching exits.
   * Throws {@link SkiffException.Unavailable} naming the Debian packages to install when programs are missing.
   */
  public static RuncRuntime open(RuntimeConfig config) {
    List<Preflight.Missing> missing = Preflight.missing(config);
    if (!missing.isEmpty()) {
      throw new SkiffException.Unavailable("the container runtime needs " + missing.stream().map(m -> m.program() + " (" + m.expectedAt() + ")")
          .collect(Collectors.joining(", ")) + "; install the packages: " + String.join(" ", Preflight.packages(missing)), null);
    }
    CgroupFs cgroups = CgroupFs.discover();
    if (config.ociRuntime().kind() == OciRuntimeBinary.Kind.CRUN && cgroups.mode() == CgroupFs.Mode.HYBRID && !cgroups.unifiedControllers().isEmpty()) {
      throw new SkiffException.Unavailable("crun cannot manage this host's cgroups: they are hybrid (v1 plus unified) with controllers on the "
          + "unified hierarchy (" + String.join(" ", cgroups.unifiedControllers()) + "), which crun refuses; select runc", null);
    }
    RuntimeLayout layout = new RuntimeLayout(config.root());
    for (Path dir : List.of(layout.sandboxesDir(), layout.containersDir(), layout.exitsDir(), layout.attachDir(), layout.netnsDir(),
        layout.ipamDir(), layout.imagesDir(), config.ociStateRoot())) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new SkiffException.Internal("cannot create " + dir, e);
      }
    }
    Duration timeout = config.commandTimeout();
    ProcessRunner runner = new ProcessRunner();
    Mounter mounter = new Mounter();
    OciRuntimeCli oci = new OciRuntimeCli(config.ociRuntime(), config.ociStateRoot(), runner, timeout);
    Conmon conmon = new Conmon(new Conmon.Settings(config.conmon(), config.ociRuntime().binary(), config.ociStateRoot(), layout.exitsDir(),
        layout.attachDir(), timeout));
    SandboxImage image = SandboxImage.ensure(config.sandboxImage(), layout.imagesDir(), config.catatonit());
    ExitWatcher exits = new ExitWatcher(layout.exitsDir());
    RuntimeParts parts = new RuntimeParts(config, layout, new StateStore(layout), new KeyedLocks(), mounter, cgroups, oci, conmon,
        exits, new SpecGenerator(new CapabilitySet(lastCapability())), new CniNetwork(config.network(), layout.ipamDir(), runner, timeout),
        new NetworkNamespaces(layout.netnsDir(), mounter), image, OomScores.detect(), InstantSource.system());
    return new RuncRuntime(parts);
  }

  private static int lastCapability() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
    } catch (IOException | NumberFormatException e) {
      return 40;
    }
  }

  /** The configuration this runtime was opened with. */
  public RuntimeConfig config() {
    return parts.config();
  }

  /** How this host mounts cgroups (v1, hybrid or v2). */
  public CgroupFs.Mode cgroupMode() {
    return parts.cgroups().mode();
  }

  @Override
  public RuntimeInfo info() {
    RuntimeInfo i = info;
    if (i == null) {
      i = new RuntimeInfo(parts.config().ociRuntime().kind().displayName(), parts.oci().version());
      info = i;
    }
    return i;
  }

  @Override
  public SandboxStatus runSandbox(SandboxConfig config) {
    return sandboxes.run(config, List.of());
  }

  @Override
  public SandboxStatus runSandbox(SandboxConfig config, List<ContainerConfig> alongside) {
    return sandboxes.run(config, alongside);
  }

  @Override
  public void stopSandbox(SandboxId id) {
    sandboxes.stop(id);
  }

  @Override
  public void removeSandbox(SandboxId id) {
    sandboxes.remove(id);
  }

  @Override
  public SandboxStatus sandboxStatus(SandboxId id) {
    return sandboxes.status(id);
  }

  @Override
  public List<SandboxStatus> listSandboxes() {
    return sandboxes.list();
  }

  @Override
  public ContainerId createContainer(SandboxId sandbox, ContainerConfig config) {
    return containers.create(sandbox, config);
  }

  @Override
  public void startContainer(ContainerId id) {
    containers.start(id);
  }

  @Override
  public void stopContainer(ContainerId id, Duration grace) {
    containers.stop(id, grace);
  }

  @Override
  public void removeContainer(ContainerId id) {
    containers.remove(id);
  }

  @Override
  public ContainerStatus containerStatus(ContainerId id) {
    return containers.status(id);
  }

  @Override
  public List<ContainerStatus> listContainers(ContainerFilter filter) {
    return containers.list(filter);
  }

  @Override
  public io.skiff.runtime.ExecProcess startExec(ContainerId id, io.skiff.runtime.ExecRequest request) {
    return containers.startExec(id, request);
  }

  @Override
  public io.skiff.runtime.ContainerAttachment attachContainer(ContainerId id) {
    return containers.attach(id);
  }

  @Override
  public java.nio.channels.SocketChannel connectToPort(SandboxId id, int port) throws IOException {
    SandboxStatus status = sandboxStatus(id);
    if (status.config().hostNetwork()) {
      return java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", port));
    }
    java.nio.file.Path netns = status.findNetnsPath().orElseThrow(() -> new SkiffException.Conflict(new SkiffException.Subject("sandboxes", id.value()),
        "the sandbox has no network namespace"));
    return io.skiff.runtime.posix.NetnsDialer.connectLoopback(netns, port);
  }

  @Override
  public ExecResult execSync(ContainerId id, List<String> argv, Duration timeout) {
    return containers.exec(id, argv, timeout);
  }

  @Override
  public void close() {
    parts.exits().close();
  }

  @Override
  public void onExit(java.util.function.Consumer<String> listener) {
    parts.exits().onExit(listener);
  }
}
