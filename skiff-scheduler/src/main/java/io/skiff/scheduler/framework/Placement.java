package io.skiff.scheduler.framework;

import java.util.Objects;

/** The outcome of placing one pod. */
public sealed interface Placement {
  /** The pod goes to {@code nodeName}; {@code feasibleNodes} passed every filter. */
  record Assigned(String nodeName, int feasibleNodes) implements Placement {}

  /** No node fits; {@code error} says why, in Kubernetes' words, and {@code nomination} what preemption decided. */
  record Unschedulable(FitError error, Nomination nomination) implements Placement {
    public Unschedulable {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(nomination, "nomination");
    }

    /** No node fits and the pod's nomination stays as it is. */
    public Unschedulable(FitError error) {
      this(error, Nomination.KEEP);
    }
  }
}
