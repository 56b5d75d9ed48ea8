package io.skiff.runtime.runc;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.ExecResult;
import io.skiff.runtime.Resources;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.conmon.ConmonLaunch;
import io.skiff.runtime.conmon.ExitRecord;
import io.skiff.runtime.host.CommandResult;
import io.skiff.runtime.host.FileTrees;
import io.skiff.runtime.host.ProcStat;
import io.skiff.runtime.oci.OciSpec;
import io.skiff.runtime.oci.PodNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, starts, stops, removes and execs into containers. Mutations hold the container's lock (creation also the
 * sandbox's, so a container never lands in a sandbox being removed); status and listing only read.
 */
@SuppressWarnings("try") // the per-id locks are held by try-with-resources without touching the handle
final class ContainerLifecycle {
  /** How long a SIGKILLed container may take to be reaped and recorded by conmon. */
  static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  /** How long a created container's process may take to take its start. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final RuntimeParts parts;
  private final ContainerInspector inspector;

  ContainerLifecycle(RuntimeParts parts) {
    this.parts = parts;
    this.inspector = new ContainerInspector(parts);
  }

  ContainerId create(SandboxId sandboxId, ContainerConfig config) {
    ContainerId id = ContainerId.of(sandboxId, config.name(), config.attempt());
    try (var s = parts.locks().lock(sandboxId.value()); var c = parts.locks().lock(id.value())) {
      if (parts.store().findContainer(id).isPresent()) {
        return id;
      }
      SandboxRecord sandbox = parts.store().findSandbox(sandboxId)
          .orElseThrow(() -> new SkiffException.NotFound(new SkiffException.Subject("sandboxes", sandboxId.value())));
      if (sandbox.phase() != SandboxRecord.Phase.READY || !ProcStat.isRunning(sandbox.pausePid(), sandbox.pauseStartTicks())) {
        throw new SkiffException.Conflict(new SkiffException.Subject("sandboxes", sandboxId.value()), "the sandbox is not ready");
      }
      Path dir = parts.layout().containerDir(id);
      if (Files.exists(dir)) {
        removeLeftovers(id);
      }
      try {
        return launch(id, sandbox, config, dir);
      } catch (RuntimeException e) {
        try {
          removeLeftovers(id);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }
  }

  /**
   * Creates a container in a sandbox that the caller is still setting up (holding its lock) and whose pause already
   * runs. Best effort: on failure nothing of it is left, and a later {@link #create} does the work again and reports.
   */
  void createInSetUp(SandboxRecord sandbox, ContainerConfig config) {
    ContainerId id = ContainerId.of(sandbox.id(), config.name(), config.attempt());
    try (var c = parts.locks().lock(id.value())) {
      if (parts.store().findContainer(id).isPresent()) {
        return;
      }
      Path dir = parts.layout().containerDir(id);
      try {
        if (Files.exists(dir)) {
          removeLeftovers(id);
        }
        launch(id, sandbox, config, dir);
      } catch (RuntimeException e) {
        try {
          removeLeftovers(id);
        } catch (RuntimeException cleanup) {
          // Left for the sandbox's teardown or the later create, which remove leftovers first.
        }
      }
    }
  }

  private ContainerId launch(ContainerId id, SandboxRecord sandbox, ContainerConfig config, Path dir) {
    createDirectories(dir);
    Path rootfs;
    boolean mounted;
    switch (config.rootfs()) {
      case Rootfs.Overlay o -> {
        rootfs = dir.resolve("rootfs");
        createDirectories(rootfs);
        List<Path> topFirst = new ArrayList<>(o.lowerDirs());
        Collections.reverse(topFirst);
        List<String> options = new ArrayList<>(List.of(
            "lowerdir=" + String.join(":", topFirst.stream().map(Path::toString).toList()),
            "upperdir=" + o.upperDir(), "workdir=" + o.workDir()));
        options.addAll(o.options());
        parts.mounter().mount("overlay", "overlay", rootfs, options);
        mounted = true;
      }
      case Rootfs.Prepared p -> {
        rootfs = p.path();
        mounted = false;
      }
    }
    Path logPath = config.logPath() != null ? config.logPath() : dir.resolve("container.log");
    String cgroupPath = sandbox.podCgroup() + "/" + id.value();
    Resources r = config.resources();
    ContainerConfig effective = config.withResources(new Resources(r.cpuShares(), r.cpuQuotaMicros(), r.cpuPeriodMicros(), r.memoryLimitBytes(),
        r.pidsLimit(), parts.oomScores().forContainer(r.oomScoreAdj())));
    var pod = sandbox.config();
    OciSpec spec = parts.specs().container(effective, rootfs,
        new PodNamespaces(sandbox.pausePid(), pod.hostNetwork(), pod.shareProcessNamespace(), pinned(sandbox)),
        parts.layout().podFiles(sandbox.id()), pod.hostname(), cgroupPath);
    parts.store().writeSpec(dir, spec);
    long pid = parts.conmon().launch(new ConmonLaunch(id.value(), dir, logPath, config.tty(), config.stdin(), config.stdinOnce()));
    long ticks = ProcStat.read(pid).map(ProcStat::startTicks).orElse(0L);
    parts.store().save(new ContainerRecord(id, sandbox.id(), config, parts.clock().instant(), pid, ticks, rootfs, mounted, logPath,
        cgroupPath, null, null));
    return id;
  }

  /** The sandbox's namespaces pinned on files: its network namespace, and IPC and UTS where it pinned them. */
  private Map<String, Path> pinned(SandboxRecord sandbox) {
    Map<String, Path> out = new HashMap<>();
    if (!sandbox.config().hostNetwork() && sandbox.netnsPath() != null) {
      out.put("net", sandbox.netnsPath());
    }
    for (String kind : List.of("ipc", "uts")) {
      Path file = parts.layout().pinnedNamespace(sandbox.id(), kind);
      if (Files.exists(file)) {
        out.put(kind, file);
      }
    }
    return out;
  }

  void start(ContainerId id) {
    try (var c = parts.locks().lock(id.value())) {
      ContainerRecord r = get(id);
      ContainerStatus st = inspector.status(r);
      switch (st.state()) {
        case CREATED -> {
          // Taken before the call: a short-lived process can exit before `start` returns.
          var startedAt = parts.clock().instant();
          if (parts.oci().runtime().kind() == OciRuntimeBinary.Kind.RUNC) {
            ExecFifo.start(id.value(), parts.oci().stateRoot().resolve(id.value()).resolve("exec.fifo"), r.pid(), r.pidStartTicks(), START_TIMEOUT);
          } else {
            parts.oci().start(id.value());
          }
          parts.store().save(r.withStartedAt(startedAt));
        }
        case RUNNING, EXITED -> {
          // Started before: starting again would run a second copy.
        }
        case UNKNOWN -> throw new SkiffException.Conflict(new SkiffException.Subject("containers", id.value()),
            "the container has no process to start: " + st.message());
      }
    }
  }

  void stop(ContainerId id, Duration grace) {
    try (var c = parts.locks().lock(id.value())) {
      ContainerRecord r = get(id);
      ContainerStatus st = inspector.status(r);
      if (st.state() == ContainerState.RUNNING && grace.isPositive()) {
        signal(r, false);
        parts.exits().await(id.value(), grace);
      }
      if (st.state() == ContainerState.RUNNING || st.state() == ContainerState.CREATED) {
        killAll(r);
      }
      inspector.observedExit(r).filter(e -> r.exit() == null).ifPresent(e -> parts.store().save(r.withExit(e)));
    }
  }

  void remove(ContainerId id) {
    try (var c = parts.locks().lock(id.value())) {
      Optional<ContainerRecord> found = parts.store().findContainer(id);
      if (found.isEmpty()) {
        if (Files.exists(parts.layout().containerDir(id))) {
          removeLeftovers(id);
        }
        return;
      }
      ContainerRecord r = found.get();
      ContainerState state = inspector.status(r).state();
      if (state == ContainerState.RUNNING || state == ContainerState.CREATED) {
        killAll(r);
      }
      parts.oci().delete(id.value());
      if (parts.cgroups().exists(r.cgroupPath())) {
        parts.cgroups().removeTree(r.cgroupPath());
      }
      if (r.mountedRootfs()) {
        parts.mounter().unmountAll(r.rootfs());
      }
      forgetFiles(id);
    }
  }

  ContainerStatus status(ContainerId id) {
    return inspector.status(get(id));
  }

  List<ContainerStatus> list(ContainerFilter filter) {
    return parts.store().containers().stream()
        .filter(r -> filter.sandboxId() == null || filter.sandboxId().equals(r.sandboxId()))
        .map(inspector::status)
        .filter(filter::matches)
        .toList();
  }

  List<ContainerId> idsIn(SandboxId sandbox) {
    return parts.store().containers(sandbox).stream().map(ContainerRecord::id).toList();
  }

  io.skiff.runtime.ExecProcess startExec(ContainerId id, io.skiff.runtime.ExecRequest request) {
    ContainerStatus st = status(id);
    if (st.state() != ContainerState.RUNNING) {
      throw new SkiffException.Conflict(new SkiffException.Subject("containers", id.value()), "the container is not running (" + st.state() + ")");
    }
    return RuncExecProcess.start(parts.oci(), id.value(), parts.layout().execDir(), request);
  }

  io.skiff.runtime.ContainerAttachment attach(ContainerId id) {
    ContainerStatus st = status(id);
    if (st.state() != ContainerState.RUNNING) {
      throw new SkiffException.Conflict(new SkiffException.Subject("containers", id.value()), "the container is not running (" + st.state() + ")");
    }
    try {
      return io.skiff.runtime.conmon.ConmonAttachment.open(parts.layout().containerDir(id));
    } catch (IOException e) {
      throw new SkiffException.Internal("failed to connect to container " + id + " attach socket: " + e.getMessage(), e);
    }
  }

  ExecResult exec(ContainerId id, List<String> argv, Duration timeout) {
    if (argv.isEmpty()) {
      throw new SkiffException.BadRequest("exec needs a command");
    }
    ContainerStatus st = status(id);
    if (st.state() != ContainerState.RUNNING) {
      throw new SkiffException.Conflict(new SkiffException.Subject("containers", id.value()), "the container is not running (" + st.state() + ")");
    }
    CommandResult r = parts.oci().exec(id.value(), argv, timeout);
    return new ExecResult(r.exitCode(), r.stdout(), r.stderr().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Sends SIGTERM (or SIGKILL) to the container's main process, after checking it is still the same process. */
  private static void signal(ContainerRecord r, boolean kill) {
    if (ProcStat.isRunning(r.pid(), r.pidStartTicks())) {
      ProcessHandle.of(r.pid()).ifPresent(h -> {
        if (kill) {
          h.destroyForcibly();
        } else {
          h.destroy();
        }
      });
    }
  }

  /** SIGKILLs every process in the container's cgroup and waits for conmon to record the exit. */
  private void killAll(ContainerRecord r) {
    String id = r.id().value();
    if (parts.exits().read(id).isPresent()) {
      return;
    }
    CommandResult killed = parts.oci().kill(id, "KILL", true);
    if (!killed.succeeded()) {
      signal(r, true);
    }
    Optional<ExitRecord> exit = parts.exits().await(id, KILL_TIMEOUT);
    if (exit.isEmpty() && ProcStat.isRunning(r.pid(), r.pidStartTicks())) {
      throw new SkiffException.Timeout("container " + id + " did not exit within " + KILL_TIMEOUT + " of SIGKILL");
    }
  }

  /** Removes what a create that crashed or failed half-way left: the OCI runtime's container, the root mount, the directory. */
  private void removeLeftovers(ContainerId id) {
    String cid = id.value();
    if (parts.oci().exists(cid)) {
      parts.oci().kill(cid, "KILL", true);
      parts.exits().await(cid, KILL_TIMEOUT);
      parts.oci().delete(cid);
    }
    Path rootfs = parts.layout().containerDir(id).resolve("rootfs");
    parts.mounter().unmountAll(rootfs);
    forgetFiles(id);
  }

  private void forgetFiles(ContainerId id) {
    parts.exits().forget(id.value());
    try {
      Files.deleteIfExists(parts.layout().attachDir().resolve(id.value()));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot remove the attach link of " + id, e);
    }
    FileTrees.delete(parts.layout().containerDir(id));
  }

  private ContainerRecord get(ContainerId id) {
    return parts.store().findContainer(id)
        .orElseThrow(() -> new SkiffException.NotFound(new SkiffException.Subject("containers", id.value())));
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create " + dir, e);
    }
  }
}
