package io.skiff.scheduler.cycle;

import io.fabric8.kubernetes.api.model.Pod;

/** Records an event about a pod. Contract: best effort; never throws (a lost event must not fail scheduling). */
public interface EventRecorder {
  void record(Pod pod, SchedulerEvent event, String message);

  /** Records an event about {@code pod} that also names a {@code related} pod (a victim's preemptor). */
  default void record(Pod pod, Pod related, SchedulerEvent event, String message) {
    record(pod, event, message);
  }
}
