package io.skiff.kubelet.pod;

import io.skiff.kubelet.status.Waiting;
import java.util.HashMap;
import java.util.Map;

/**
 * What a pod's worker remembers between syncs: the last start failure of each container (the kubelet's reason cache),
 * shown as the container's waiting reason until it starts. Only the pod's own worker touches it.
 */
public final class PodState {
  private final Map<String, Waiting> failures = new HashMap<>();

  public Map<String, Waiting> failures() {
    return Map.copyOf(failures);
  }

  void failed(String container, Waiting waiting) {
    failures.put(container, waiting);
  }

  void started(String container) {
    failures.remove(container);
  }
}
