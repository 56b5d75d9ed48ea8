package io.skiff.kubelet.pod;

import io.skiff.kubelet.status.Waiting;
import java.time.Duration;
import java.util.Objects;

/** The outcome of starting one container. */
public sealed interface StartResult {

  /** The container was created and started. */
  record Started(String containerId) implements StartResult {
    public Started {
      Objects.requireNonNull(containerId, "containerId");
    }
  }

  /** It was not started: the waiting reason to show, and when trying again makes sense. */
  record NotStarted(Waiting waiting, Duration retryAfter) implements StartResult {
    public NotStarted {
      Objects.requireNonNull(waiting, "waiting");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }
}
