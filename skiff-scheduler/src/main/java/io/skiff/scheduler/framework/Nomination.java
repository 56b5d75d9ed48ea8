package io.skiff.scheduler.framework;

/** What an unschedulable pod's nomination becomes (Kubernetes' {@code NominatingInfo}). */
public sealed interface Nomination {
  /** The nomination stays as it is (none, or the node preemption chose earlier). */
  record Keep() implements Nomination {}

  /** Preemption found nowhere to make room: a nomination the pod has is dropped. */
  record Clear() implements Nomination {}

  /** Evict the candidate's victims and nominate the pod to its node. */
  record Preempt(Candidate candidate) implements Nomination {}

  Nomination KEEP = new Keep();
  Nomination CLEAR = new Clear();
}
