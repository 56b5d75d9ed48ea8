package io.skiff.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sandbox is now.
 *
 * @param id        the sandbox's id
 * @param config    the config it was created from
 * @param state     READY while the pause process runs
 * @param createdAt when {@code runSandbox} created it
 * @param netnsPath the network namespace file the pod's containers join, or {@code null} with host network
 * @param podIp     the pod's IPv4 address from CNI, or empty with host network or once stopped
 * @param pausePid  the pause process's host PID, or 0 when it is not running
 */
public record SandboxStatus(SandboxId id, SandboxConfig config, SandboxState state, Instant createdAt, Path netnsPath, String podIp, long pausePid) {
  public SandboxStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    podIp = podIp == null ? "" : podIp;
  }

  /** The network namespace path, absent with host network. */
  public Optional<Path> findNetnsPath() {
    return Optional.ofNullable(netnsPath);
  }
}
