package io.skiff.scheduler.cycle;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Writes the scheduler's part of a pod's status. Contract: sets condition {@code PodScheduled} to {@code False} with
 * {@code reason} and {@code message} through the status subresource, keeping {@code lastTransitionTime} when the
 * condition was already False, and does nothing when the pod already says exactly that; throws a {@link
 * io.skiff.common.SkiffException} when the API call fails.
 */
public interface PodStatusWriter {
  void markNotScheduled(Pod pod, NotScheduledReason reason, String message);

  /**
   * Sets {@code status.nominatedNodeName} to {@code nodeName}, or removes it when {@code nodeName} is empty; throws a
   * {@link io.skiff.common.SkiffException} when the API call fails.
   */
  void setNominatedNodeName(Pod pod, String nodeName);
}
