package io.skiff.runtime.runc;

import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.conmon.ConmonLaunch;
import io.skiff.runtime.conmon.Conmon;
import io.skiff.runtime.conmon.ExitRecord;
import io.skiff.runtime.host.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Works out a container's status from what is on the host — conmon's exit file, the process in /proc, the OCI
 * runtime's {@code exec.fifo}, the OOM counters — so that it is right for containers an earlier instance started
 * and for exits that happened while no instance ran. It only reads; it never takes locks.
 */
final class ContainerInspector {
  /** How long to wait for conmon's exit file when the process is already gone and conmon is still draining output. */
  private static final Duration EXIT_FILE_GRACE = Duration.ofSeconds(2);

  private final RuntimeParts parts;

  ContainerInspector(RuntimeParts parts) {
    this.parts = parts;
  }

  ContainerStatus status(ContainerRecord r) {
    if (r.exit() != null) {
      return exited(r, r.exit());
    }
    Optional<ContainerRecord.FinalStatus> exit = observedExit(r);
    if (exit.isPresent()) {
      return exited(r, exit.get());
    }
    String id = r.id().value();
    if (ProcStat.isRunning(r.pid(), r.pidStartTicks())) {
      if (parts.oci().awaitingStart(id)) {
        return build(r, ContainerState.CREATED, r.pid(), 0, null, null, "", "");
      }
      Instant started = r.startedAt() != null ? r.startedAt()
          : ProcessHandle.of(r.pid()).flatMap(h -> h.info().startInstant()).orElse(r.createdAt());
      return build(r, ContainerState.RUNNING, r.pid(), 0, started, null, "", "");
    }
    Path bundle = parts.layout().containerDir(r.id());
    if (ProcStat.isRunning(Conmon.conmonPid(bundle), 0)) {
      Optional<ExitRecord> late = parts.exits().await(id, EXIT_FILE_GRACE);
      if (late.isPresent()) {
        return exited(r, finalStatus(r, late.get()));
      }
    }
    return build(r, ContainerState.UNKNOWN, 0, 0, r.startedAt(), null, ContainerStatus.REASON_UNKNOWN,
        "the container's process is gone and conmon recorded no exit code");
  }

  /** The exit conmon recorded, with its reason, if the container exited. */
  Optional<ContainerRecord.FinalStatus> observedExit(ContainerRecord r) {
    if (r.exit() != null) {
      return Optional.of(r.exit());
    }
    return parts.exits().read(r.id().value()).map(e -> finalStatus(r, e));
  }

  ContainerRecord.FinalStatus finalStatus(ContainerRecord r, ExitRecord e) {
    String reason;
    if (oomKilled(r)) {
      reason = ContainerStatus.REASON_OOM_KILLED;
    } else {
      reason = e.exitCode() == 0 ? ContainerStatus.REASON_COMPLETED : ContainerStatus.REASON_ERROR;
    }
    // The exit file's mtime comes from the kernel's coarse clock and can read a few ms before startedAt.
    Instant finished = r.startedAt() != null && e.finishedAt().isBefore(r.startedAt()) ? r.startedAt() : e.finishedAt();
    return new ContainerRecord.FinalStatus(e.exitCode(), finished, reason);
  }

  /** Whether conmon saw an OOM event or the cgroup counted an OOM kill (memory.oom_control on v1, memory.events on v2). */
  private boolean oomKilled(ContainerRecord r) {
    return Files.exists(ConmonLaunch.oomFile(parts.layout().containerDir(r.id()))) || parts.cgroups().oomKills(r.cgroupPath()) > 0;
  }

  private ContainerStatus exited(ContainerRecord r, ContainerRecord.FinalStatus exit) {
    return build(r, ContainerState.EXITED, 0, exit.exitCode(), r.startedAt(), exit.finishedAt(), exit.reason(), "");
  }

  private static ContainerStatus build(ContainerRecord r, ContainerState state, long pid, int exitCode, Instant startedAt, Instant finishedAt,
      String reason, String message) {
    return new ContainerStatus(r.id(), r.sandboxId(), r.config().name(), r.config().attempt(), r.config().image(), state, pid, exitCode,
        r.createdAt(), startedAt, finishedAt, reason, message, r.logPath(), r.config().labels());
  }
}
