package io.skiff.scheduler.cycle;

import io.fabric8.kubernetes.api.model.Pod;

/** Records an event about a pod. Contract: best effort; never throws (a lost event must not fail scheduling). */
public interface EventRecorder {
  void record(Pod pod, SchedulerEvent event, String message);
}
