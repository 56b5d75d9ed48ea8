package io.skiff.runtime;

/**
 * A CRI-shaped container runtime: sandboxes and their containers.
 *
 * <p>Contract: calls are idempotent by id; {@link #stopContainer} returns only once the process has exited or been
 * killed after the grace period; exit statuses are recorded outside the caller's process so they survive it
 * restarting; a new instance over the same state adopts what an earlier instance started.
 *
 * <p>Closing releases only the instance's own resources (watchers, threads); sandboxes and containers keep running.
 */
public interface ContainerRuntime extends SandboxManager, ContainerManager, ContainerAttacher, AutoCloseable {

  /** The runtime's name and version, for a node's {@code nodeInfo.containerRuntimeVersion}. */
  RuntimeInfo info();

  @Override
  void close();
}
