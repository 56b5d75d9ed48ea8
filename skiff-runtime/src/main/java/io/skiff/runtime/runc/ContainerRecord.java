package io.skiff.runtime.runc;

import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.SandboxId;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A container as kept in {@code container.json}, written once conmon reported it created.
 *
 * @param pid           the container's PID from conmon
 * @param pidStartTicks its start time, to tell it from a later process with the same PID
 * @param rootfs        the root directory given to the OCI runtime
 * @param mountedRootfs whether the runtime mounted {@code rootfs} (an overlay) and must unmount it
 * @param logPath       the CRI log file
 * @param cgroupPath    the container's cgroupfs path
 * @param startedAt     when {@code start} succeeded, or {@code null}
 * @param exit          the final status once the exit was seen, or {@code null}
 */
record ContainerRecord(ContainerId id, SandboxId sandboxId, ContainerConfig config, Instant createdAt, long pid, long pidStartTicks,
    Path rootfs, boolean mountedRootfs, Path logPath, String cgroupPath, Instant startedAt, FinalStatus exit) {

  /** An exit as first observed, kept so that it survives the removal of conmon's file and of the cgroup. */
  record FinalStatus(int exitCode, Instant finishedAt, String reason) {}

  ContainerRecord withStartedAt(Instant value) {
    return new ContainerRecord(id, sandboxId, config, createdAt, pid, pidStartTicks, rootfs, mountedRootfs, logPath, cgroupPath, value, exit);
  }

  ContainerRecord withExit(FinalStatus value) {
    return new ContainerRecord(id, sandboxId, config, createdAt, pid, pidStartTicks, rootfs, mountedRootfs, logPath, cgroupPath, startedAt, value);
  }
}
