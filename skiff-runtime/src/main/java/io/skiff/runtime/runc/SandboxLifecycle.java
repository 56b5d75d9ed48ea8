package io.skiff.runtime.runc;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.cni.CniAttachment;
import io.skiff.runtime.cni.CniResult;
import io.skiff.runtime.conmon.ConmonLaunch;
import io.skiff.runtime.host.FileTrees;
import io.skiff.runtime.host.ProcStat;
import io.skiff.runtime.sandbox.EtcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs, stops and removes pod sandboxes. Setting up runs the slow parts side by side once the network namespace
 * exists: CNI ADD, the pod's /dev/shm mount and the pause process (conmon + create + start).
 */
final class SandboxLifecycle {
  private static final List<String> SHM_OPTIONS = List.of("nosuid", "nodev", "noexec", "mode=1777", "size=65536k");

  private final RuntimeParts parts;
  private final ContainerLifecycle containers;

  SandboxLifecycle(RuntimeParts parts, ContainerLifecycle containers) {
    this.parts = parts;
    this.containers = containers;
  }

  SandboxStatus run(SandboxConfig config) {
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
        return status(setUp(r));
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

  private SandboxRecord setUp(SandboxRecord initial) {
    SandboxId id = initial.id();
    SandboxConfig config = initial.config();
    Path netns = config.hostNetwork() ? null : parts.netns().ensure(id.value());
    SandboxRecord r = initial.withNetwork(netns, "");
    parts.store().save(r);
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
      pause = exec.submit(() -> startPause(id, config, netns, initial.podCgroup()));
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

  private long startPause(SandboxId id, SandboxConfig config, Path netns, String podCgroup) throws IOException {
    Path bundle = parts.layout().pauseBundle(id);
    Files.createDirectories(bundle);
    parts.store().writeSpec(bundle, parts.specs().pause(parts.sandboxImage().rootfs(), config.hostname(), netns,
        podCgroup + "/" + id.value(), parts.oomScores().forPause()));
    long pid = parts.conmon().launch(new ConmonLaunch(id.value(), bundle, null, false, false));
    parts.oci().start(id.value());
    return pid;
  }

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
    if (!parts.oci().exists(id) || parts.exits().read(id).isPresent()) {
      return;
    }
    if (ProcStat.isRunning(r.pausePid(), r.pauseStartTicks())) {
      ProcessHandle.of(r.pausePid()).ifPresent(ProcessHandle::destroyForcibly);
    } else {
      parts.oci().kill(id, "KILL", true);
    }
    if (parts.exits().await(id, ContainerLifecycle.KILL_TIMEOUT).isEmpty() && ProcStat.isRunning(r.pausePid(), r.pauseStartTicks())) {
      throw new SkiffException.Timeout("the pause process of sandbox " + id + " did not exit within " + ContainerLifecycle.KILL_TIMEOUT);
    }
  }

  void remove(SandboxId id) {
    try (var l = parts.locks().lock(id.value())) {
      Optional<SandboxRecord> r = parts.store().findSandbox(id);
      if (r.isPresent()) {
        teardown(r.get());
      } else if (Files.exists(parts.layout().sandboxDir(id))) {
        throw new SkiffException.Internal("sandbox directory " + parts.layout().sandboxDir(id) + " has no record; remove it by hand", null);
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
    parts.exits().forget(id.value());
    parts.mounter().unmountAll(parts.layout().shm(id));
    parts.netns().remove(id.value());
    if (parts.cgroups().exists(r.podCgroup())) {
      parts.cgroups().removeTree(r.podCgroup());
    }
    try {
      Files.deleteIfExists(parts.layout().attachDir().resolve(id.value()));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot remove the attach link of sandbox " + id, e);
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
    boolean running = r.phase() != SandboxRecord.Phase.SETTING_UP && ProcStat.isRunning(r.pausePid(), r.pauseStartTicks())
        && parts.exits().read(r.id().value()).isEmpty();
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
