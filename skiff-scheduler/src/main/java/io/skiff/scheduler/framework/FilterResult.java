package io.skiff.scheduler.framework;

import java.util.List;

/** What a filter says about one pod on one node. */
public sealed interface FilterResult {
  /** The node passes this filter. */
  FilterResult PASS = new Pass();

  /** The node passes. */
  record Pass() implements FilterResult {}

  /**
   * The node does not fit, for the given reasons (each counted in the {@code FailedScheduling} message).
   * {@link Code#UNSCHEDULABLE} means removing pods from the node (preemption) could help;
   * {@link Code#UNSCHEDULABLE_AND_UNRESOLVABLE} means it could not.
   */
  record Reject(Code code, List<String> reasons) implements FilterResult {
    public Reject {
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one reason");
      }
    }
  }

  /** Kubernetes' status codes for a rejection. */
  enum Code {
    UNSCHEDULABLE,
    UNSCHEDULABLE_AND_UNRESOLVABLE
  }

  static Reject unschedulable(String... reasons) {
    return new Reject(Code.UNSCHEDULABLE, List.of(reasons));
  }

  static Reject unresolvable(String... reasons) {
    return new Reject(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons));
  }
}
