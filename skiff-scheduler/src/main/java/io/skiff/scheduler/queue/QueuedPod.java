package io.skiff.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/** A pod handed out for one scheduling attempt, and how many attempts it has had including this one. */
public record QueuedPod(Pod pod, int attempts) {
  public QueuedPod {
    Objects.requireNonNull(pod, "pod");
  }

  public String uid() {
    return pod.getMetadata().getUid();
  }
}
