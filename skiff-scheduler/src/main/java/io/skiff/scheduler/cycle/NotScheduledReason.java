package io.skiff.scheduler.cycle;

/** The reasons the scheduler gives on a {@code PodScheduled=False} condition, spelled as Kubernetes spells them. */
public enum NotScheduledReason {
  /** No node fits; the message is the {@code FitError} text. */
  Unschedulable,
  /** Scheduling failed for another reason, such as a rejected binding. */
  SchedulerError
}
