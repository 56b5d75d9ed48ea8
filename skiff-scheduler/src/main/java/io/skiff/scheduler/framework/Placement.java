package io.skiff.scheduler.framework;

/** The outcome of placing one pod. */
public sealed interface Placement {
  /** The pod goes to {@code nodeName}; {@code feasibleNodes} passed every filter. */
  record Assigned(String nodeName, int feasibleNodes) implements Placement {}

  /** No node fits; {@code error} says why, in Kubernetes' words. */
  record Unschedulable(FitError error) implements Placement {}
}
