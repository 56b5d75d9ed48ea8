package io.skiff.scheduler.queue;

/** Where a pod is in the {@link SchedulingQueue}. */
public enum QueueState {
  /** Ready to be tried. */
  ACTIVE,
  /** Waiting out its backoff after a failed attempt. */
  BACKOFF,
  /** Parked after a failed attempt until the cluster changes (or a long timeout passes). */
  UNSCHEDULABLE,
  /** Handed out; the scheduling loop is working on it. */
  IN_FLIGHT,
  /** Held back by {@code spec.schedulingGates}. */
  GATED,
  /** Not in the queue. */
  ABSENT
}
