package io.skiff.runtime.runc;

import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A sandbox as kept in {@code sandbox.json}.
 *
 * @param phase           how far {@code runSandbox} got, or whether it was stopped
 * @param netnsPath       the pinned network namespace, {@code null} with host network
 * @param podIp           the address CNI gave the pod, empty before ADD and after DEL
 * @param podCgroup       the pod's cgroupfs path ({@code <parent>/pod<uid>})
 * @param pausePid        the pause's PID once it was created
 * @param pauseStartTicks the pause's start time, to tell it from a later process with the same PID
 */
record SandboxRecord(SandboxId id, SandboxConfig config, Instant createdAt, Phase phase, Path netnsPath, String podIp, String podCgroup,
    long pausePid, long pauseStartTicks) {

  enum Phase { SETTING_UP, READY, STOPPED }

  SandboxRecord {
    podIp = podIp == null ? "" : podIp;
  }

  SandboxRecord withPhase(Phase value) {
    return new SandboxRecord(id, config, createdAt, value, netnsPath, podIp, podCgroup, pausePid, pauseStartTicks);
  }

  SandboxRecord withNetwork(Path netns, String ip) {
    return new SandboxRecord(id, config, createdAt, phase, netns, ip, podCgroup, pausePid, pauseStartTicks);
  }

  SandboxRecord withPause(long pid, long startTicks) {
    return new SandboxRecord(id, config, createdAt, phase, netnsPath, podIp, podCgroup, pid, startTicks);
  }
}
