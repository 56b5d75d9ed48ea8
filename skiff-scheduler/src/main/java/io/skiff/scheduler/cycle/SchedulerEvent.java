package io.skiff.scheduler.cycle;

/** The events the scheduler records, spelled as Kubernetes' scheduler spells them. */
public enum SchedulerEvent {
  /** {@code Successfully assigned <ns>/<pod> to <node>}. */
  Scheduled("Normal", "Binding"),
  /** The {@code FitError} text, or why binding failed. */
  FailedScheduling("Warning", "Scheduling"),
  /** About a victim: {@code Preempted by pod <preemptor uid> on node <node>}. */
  Preempted("Normal", "Preempting");

  private final String type;
  private final String action;

  SchedulerEvent(String type, String action) {
    this.type = type;
    this.action = action;
  }

  /** {@code Normal} or {@code Warning}. */
  public String type() {
    return type;
  }

  /** The event's {@code action}. */
  public String action() {
    return action;
  }
}
