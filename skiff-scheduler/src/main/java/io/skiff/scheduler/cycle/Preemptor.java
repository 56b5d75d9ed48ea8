package io.skiff.scheduler.cycle;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Evicts one preemption victim, as Kubernetes' {@code PreemptPod}: the victim gets the {@code DisruptionTarget}
 * condition (reason {@code PreemptionByScheduler}) and is deleted with its own grace period. Contract: returns once the
 * API server accepted the deletion, or when the victim is already gone; throws a {@link io.skiff.common.SkiffException}
 * otherwise. The scheduling cycle records the {@code Preempted} event.
 */
public interface Preemptor {
  void preempt(Pod victim, Pod preemptor, String nodeName);
}
