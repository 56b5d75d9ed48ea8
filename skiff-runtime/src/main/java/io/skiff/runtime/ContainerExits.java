package io.skiff.runtime;

import java.util.function.Consumer;

/**
 * A runtime that can tell, as it happens, that a container's process exited (conmon's exit file appearing), so that
 * a node agent reacts at once instead of at its next relist.
 */
public interface ContainerExits {
  /** Calls {@code listener} with the container id each time a container exits; on the runtime's own thread, so be quick. */
  void onExit(Consumer<String> listener);
}
