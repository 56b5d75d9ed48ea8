package io.skiff.runtime;

/** The runtime's capability to attach to a running container's main process ({@code kubectl attach}). */
public interface ContainerAttacher {

  /**
   * Attaches to the container's main process. Throws {@link io.skiff.common.SkiffException.Conflict} when the
   * container is not running and {@link io.skiff.common.SkiffException.NotFound} for an unknown id.
   */
  ContainerAttachment attachContainer(ContainerId id);
}
