package io.skiff.kubelet.pod;

import io.skiff.kubelet.status.Waiting;
import io.skiff.runtime.ContainerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a pod's worker remembers between syncs: the last start failure of each container (the kubelet's reason cache),
 * shown as the container's waiting reason until it starts; and the containers created ahead of their turn, with the
 * config each was created with. Only the pod's own worker touches it, and the one ahead-creation it started, which
 * it joins before each sync.
 */
public final class PodState {
  private final Map<String, Waiting> failures = new HashMap<>();
  private final Map<String, ContainerConfig> ahead = new ConcurrentHashMap<>();
  private Thread aheadWork;

  public Map<String, Waiting> failures() {
    return Map.copyOf(failures);
  }

  void failed(String container, Waiting waiting) {
    failures.put(container, waiting);
  }

  void started(String container) {
    failures.remove(container);
  }

  /** Remembers that the container with this id was created ahead of its turn with {@code config}. */
  void createdAhead(String containerId, ContainerConfig config) {
    ahead.put(containerId, config);
  }

  /** Whether the container with this id was created ahead with exactly {@code config}; forgets it either way. */
  boolean takeAhead(String containerId, ContainerConfig config) {
    ContainerConfig created = ahead.remove(containerId);
    return created != null && created.equals(config);
  }

  /** Runs {@code work} (creating containers ahead) on a virtual thread of its own, after any earlier one ended. */
  void startAhead(String name, Runnable work) {
    awaitAhead();
    aheadWork = Thread.ofVirtual().name(name).start(work);
  }

  /** Waits until the ahead-creation started last has ended, so that a sync never races it. */
  public void awaitAhead() {
    Thread t = aheadWork;
    if (t == null) {
      return;
    }
    try {
      t.join();
      aheadWork = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
