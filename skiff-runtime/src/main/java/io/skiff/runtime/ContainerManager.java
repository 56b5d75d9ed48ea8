package io.skiff.runtime;

import java.time.Duration;
import java.util.List;

/** The container half of the runtime. Containers always live in a sandbox and join its namespaces. */
public interface ContainerManager {

  /**
   * Creates (but does not start) a container in the sandbox. Idempotent: a container that already exists for the
   * same sandbox, name and attempt is returned without creating a second one.
   */
  ContainerId createContainer(SandboxId sandbox, ContainerConfig config);

  /** Starts a created container. A container that is already running or has exited is left as it is. */
  void startContainer(ContainerId id);

  /**
   * Sends SIGTERM, waits up to {@code grace}, then kills every process of the container with SIGKILL; returns once
   * the container's process is gone. A container that is not running is left as it is.
   */
  void stopContainer(ContainerId id, Duration grace);

  /** Kills the container if it still runs and removes it with its bundle and root mount. The log file is kept. An unknown id is a no-op. */
  void removeContainer(ContainerId id);

  /** The container's status; throws {@link io.skiff.common.SkiffException.NotFound} for an unknown id. */
  ContainerStatus containerStatus(ContainerId id);

  /** The containers that match the filter. */
  List<ContainerStatus> listContainers(ContainerFilter filter);

  /**
   * Runs {@code argv} in the running container (its namespaces, user, environment and capabilities) and returns its
   * exit code and output. Throws {@link io.skiff.common.SkiffException.Timeout} (after killing the command) when it
   * runs longer than {@code timeout}, and {@link io.skiff.common.SkiffException.Conflict} when the container is not running.
   */
  ExecResult execSync(ContainerId id, List<String> argv, Duration timeout);

  /**
   * Starts {@code request} in the running container (its namespaces, user, environment and capabilities) with its
   * streams attached. Throws {@link io.skiff.common.SkiffException.Conflict} when the container is not running.
   */
  ExecProcess startExec(ContainerId id, ExecRequest request);
}
