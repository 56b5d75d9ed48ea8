package io.skiff.runtime.runc;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.cni.CniAttachment;
import io.skiff.runtime.cni.CniResult;
import io.skiff.runtime.host.FileTrees;
import io.skiff.runtime.host.ProcStat;
import io.skiff.runtime.posix.NamespacePinning;
import io.skiff.runtime.sandbox.EtcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs, stops and removes pod sandboxes. Setting up runs the slow parts side by side once the network namespace
 * and the pod's IPC and UTS namespaces are pinned on files: CNI ADD, the pod's /dev/shm mount and the pause process;
 * containers asked for with the sandbox are created at once beside them (they join the pinned namespaces by path; to
 * share the pause's PID namespace they wait for the pause), and are started only once the sandbox is ready, so
 * nothing runs before the pod's network is there. The pause runs without conmon ({@code runc run -d}):
 * it writes nothing and its exit code means nothing, so what matters is only whether its PID is alive, and one OCI
 * runtime call instead of conmon + create + start keeps it off the pod's critical path.
 */
@SuppressWarnings("try") // the per-id locks are held by try-with-resources without touching the handle
final class SandboxLifecycle {
  private static final List<String> SHM_OPTIONS = List.of("nosuid", "nodev", "noexec", "mode=1777", "size=65536k");

  private final RuntimeParts parts;
  private final ContainerLifecycle containers;

  SandboxLifecycle(RuntimeParts parts, ContainerLifecycle containers) {
    this.parts = parts;
    this.containers = containers;
  }

  SandboxStatus run(SandboxConfig config, List<ContainerConfig> alongside) {
    SandboxId id = config.id();
    try (var l = parts.locks().lock(id.value())) {
      Optional<SandboxRecord> existing = parts.store().findSandbox(id);
      if (existing.isPresent() && existing.get().phase() != SandboxRecord.Phase.SETTING_UP) {
        return status(existing.get());
      }
      if (existing.isPresent()) {
        teardown(existing.get());
      } else if (Files.exists(parts.layout().sandboxDir(id))) {
        teardown(new SandboxRecord(id, config, parts.clock().instant(), SandboxRecord.Phase.SETTING_UP, null, "", podCgroup(config), 0, 0));
      }
      SandboxRecord r = new SandboxRecord(id, config, parts.clock().instant(), SandboxRecord.Phase.SETTING_UP, null, "", podCgroup(config), 0, 0);
      parts.store().save(r);
      try {
        return status(setUp(r, alongside));
      } catch (RuntimeException e) {
        try {
          teardown(parts.store().findSandbox(id).orElse(r));
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }
  }

  private SandboxRecord setUp(SandboxRecord initial, List<ContainerConfig> alongside) {
    SandboxId id = initial.id();
    SandboxConfig config = initial.config();
    Path netns = config.hostNetwork() ? null : parts.netns().ensure(id.value());
    SandboxRecord r = initial.withNetwork(netns, "");
    parts.store().save(r);
    Map<String, Path> pinned = pin(id, config);
    Future<CniResult> cni = null;
    Future<Long> pause;
    Future<?> shm;
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      if (netns != null) {
        cni = exec.submit(() -> {
          CniResult result = parts.network().attach(attachment(config, id, netns));
          parts.store().saveCni(id, result);
          return result;
        });
      }
      shm = exec.submit(() -> {
        Path dir = parts.layout().shm(id);
        Files.createDirectories(dir);
        parts.mounter().mount("tmpfs", "shm", dir, SHM_OPTIONS);
        return null;
      });
      pause = exec.submit(() -> startPause(id, config, netns, pinned, initial.podCgroup()));
      if (!alongside.isEmpty()) {
        join(shm);
        writeEtcFiles(id, config, "");
        SandboxRecord started = r;
        if (config.shareProcessNamespace()) {
          // The containers join the pause's PID namespace: they wait for it.
          long pid = join(pause);
          started = r.withPause(pid, ProcStat.read(pid).map(ProcStat::startTicks).orElse(0L));
          parts.store().save(started);
        }
        for (ContainerConfig c : alongside) {
          containers.createInSetUp(started, c);
        }
      }
    }
    String podIp = cni == null ? "" : join(cni).podIp();
    join(shm);
    long pid = join(pause);
    writeEtcFiles(id, config, podIp);
    long ticks = ProcStat.read(pid).map(ProcStat::startTicks).orElse(0L);
    SandboxRecord ready = r.withNetwork(netns, podIp).withPause(pid, ticks).withPhase(SandboxRecord.Phase.READY);
    parts.store().save(ready);
    return ready;
  }

  /**
   * Pins the pod's IPC namespace, and with its own network its UTS namespace (with the pod's hostname), on files in
   * the sandbox's directory: the pause and the containers join them by path, so containers need not wait for the
   * pause (except to share its PID namespace).
   */
  private Map<String, Path> pin(SandboxId id, SandboxConfig config) {
    Map<String, Path> files = new HashMap<>();
    files.put("ipc", parts.layout().pinnedNamespace(id, "ipc"));
    if (!config.hostNetwork()) {
      files.put("uts", parts.layout().pinnedNamespace(id, "uts"));
    }
    try {
      for (Path f : files.values()) {
        Files.createDirectories(f.getParent());
        if (!Files.exists(f)) {
          Files.createFile(f);
        }
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create the namespace files of sandbox " + id, e);
    }
    NamespacePinning.pin(files, config.hostname());
    return files;
  }

  /** Unpins the pod's IPC and UTS namespaces (left alone when not pinned). */
  private void unpin(SandboxId id) {
    for (String kind : List.of("ipc", "uts")) {
      parts.mounter().unmountAll(parts.layout().pinnedNamespace(id, kind));
    }
  }

  private long startPause(SandboxId id, SandboxConfig config, Path netns, Map<String, Path> pinned, String podCgroup) throws IOException {
    Path bundle = parts.layout().pauseBundle(id);
    Files.createDirectories(bundle);
    parts.store().writeSpec(bundle, parts.specs().pause(parts.sandboxImage().rootfs(), config.hostname(), netns, pinned,
        podCgroup + "/" + id.value(), parts.oomScores().forPause()));
    return parts.oci().runDetached(id.value(), bundle);
  }

  /** Writes the pod's /etc files in place (a container created before the pod IP was known has them bind-mounted). */
  private void writeEtcFiles(SandboxId id, SandboxConfig config, String podIp) {
    var files = parts.layout().podFiles(id);
    try {
      Files.writeString(files.hosts(), EtcFiles.hosts(config, podIp, readHostFile(Path.of("/etc/hosts"))));
      Files.writeString(files.resolvConf(), EtcFiles.resolvConf(config.dns(), readHostFile(Path.of("/etc/resolv.conf"))));
      Files.writeString(files.hostname(), EtcFiles.hostname(config.hostname()));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot write the /etc files of sandbox " + id, e);
    }
  }

  void stop(SandboxId id) {
    try (var l = parts.locks().lock(id.value())) {
      parts.store().findSandbox(id).ifPresent(this::stopLocked);
    }
  }

  private SandboxRecord stopLocked(SandboxRecord r) {
    List<ContainerId> ids = containers.idsIn(r.id());
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> stops = new ArrayList<>();
      for (ContainerId c : ids) {
        stops.add(exec.submit(() -> containers.stop(c, Duration.ZERO)));
      }
      stops.forEach(SandboxLifecycle::join);
    }
    killPause(r);
    if (r.phase() != SandboxRecord.Phase.STOPPED) {
      Path netns = r.netnsPath() != null ? r.netnsPath() : existingNetns(r.id());
      if (netns != null && !r.config().hostNetwork()) {
        parts.network().detach(attachment(r.config(), r.id(), netns), parts.store().findCni(r.id()).orElse(null));
      }
      SandboxRecord stopped = r.withNetwork(r.netnsPath(), "").withPhase(SandboxRecord.Phase.STOPPED);
      parts.store().save(stopped);
      return stopped;
    }
    return r;
  }

  private void killPause(SandboxRecord r) {
    String id = r.id().value();
    if (!parts.oci().exists(id)) {
      return;
    }
    long pid = r.pausePid() > 0 ? r.pausePid() : pidFromBundle(r.id());
    long ticks = r.pausePid() > 0 ? r.pauseStartTicks() : 0;
    if (pid > 0 && ProcStat.isRunning(pid, ticks)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    } else {
      parts.oci().kill(id, "KILL", true);
    }
    if (pid > 0 && !ProcStat.awaitGone(pid, ticks, ContainerLifecycle.KILL_TIMEOUT)) {
      throw new SkiffException.Timeout("the pause process of sandbox " + id + " did not exit within " + ContainerLifecycle.KILL_TIMEOUT);
    }
  }

  /** The pause's PID as the OCI runtime wrote it, for a sandbox whose setup crashed before recording it; 0 if unknown. */
  private long pidFromBundle(SandboxId id) {
    try {
      return Long.parseLong(Files.readString(parts.layout().pauseBundle(id).resolve("runtime.pid")).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  void remove(SandboxId id) {
    try (var l = parts.locks().lock(id.value())) {
      Optional<SandboxRecord> r = parts.store().findSandbox(id);
      if (r.isPresent()) {
        teardown(r.get());
      } else if (Files.exists(parts.layout().sandboxDir(id))) {
        // A crash while writing the first record: nothing was set up yet (FileTrees refuses if anything is mounted).
        FileTrees.delete(parts.layout().sandboxDir(id));
      }
    }
  }

  /** Stops the sandbox and removes everything it had: containers, pause, /dev/shm, netns, cgroups, files. */
  private void teardown(SandboxRecord r) {
    SandboxId id = r.id();
    stopLocked(r);
    for (ContainerId c : containers.idsIn(id)) {
      containers.remove(c);
    }
    parts.oci().delete(id.value());
    parts.mounter().unmountAll(parts.layout().shm(id));
    parts.netns().remove(id.value());
    unpin(id);
    if (parts.cgroups().exists(r.podCgroup())) {
      parts.cgroups().removeTree(r.podCgroup());
    }
    FileTrees.delete(parts.layout().sandboxDir(id));
  }

  SandboxStatus status(SandboxId id) {
    return parts.store().findSandbox(id).map(this::status)
        .orElseThrow(() -> new SkiffException.NotFound(new SkiffException.Subject("sandboxes", id.value())));
  }

  List<SandboxStatus> list() {
    return parts.store().sandboxes().stream().map(this::status).toList();
  }

  private SandboxStatus status(SandboxRecord r) {
    boolean running = r.phase() != SandboxRecord.Phase.SETTING_UP && ProcStat.isRunning(r.pausePid(), r.pauseStartTicks());
    SandboxState state = running && r.phase() == SandboxRecord.Phase.READY ? SandboxState.READY : SandboxState.NOT_READY;
    return new SandboxStatus(r.id(), r.config(), state, r.createdAt(), r.netnsPath(), r.podIp(), running ? r.pausePid() : 0);
  }

  private String podCgroup(SandboxConfig config) {
    String parent = config.cgroupParent().isEmpty() ? parts.config().cgroupParent() : config.cgroupParent();
    return parent + "/pod" + config.podUid().replaceAll("[^A-Za-z0-9_]", "_");
  }

  private Path existingNetns(SandboxId id) {
    Path p = parts.netns().path(id.value());
    return Files.exists(p) ? p : null;
  }

  private static CniAttachment attachment(SandboxConfig config, SandboxId id, Path netns) {
    return new CniAttachment(id.value(), netns, "eth0", config.namespace(), config.name(), config.podUid(), config.portMappings());
  }

  private static String readHostFile(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot read " + p, e);
    }
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new SkiffException.Internal(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted", e);
    }
  }
}
