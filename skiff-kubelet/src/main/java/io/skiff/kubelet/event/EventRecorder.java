package io.skiff.kubelet.event;

/** Where the agent reports events; implementations must not block the caller on the API server. */
@FunctionalInterface
public interface EventRecorder {
  void record(PodEvent event);
}
