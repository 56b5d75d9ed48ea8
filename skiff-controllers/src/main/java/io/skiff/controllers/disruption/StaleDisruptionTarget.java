package io.skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The disruption controller's clean-up of a {@code DisruptionTarget=True} condition left on a pod that was not deleted
 * after all (an eviction or a preemption whose delete did not happen): two minutes after the condition was set it is
 * turned to False, as Kubernetes' stale-pod-disruption worker does. Conditions set by the kubelet
 * ({@code TerminationByKubelet}), and those of pods that are being deleted or have finished, are left alone.
 */
final class StaleDisruptionTarget {
  static final Duration TIMEOUT = Duration.ofMinutes(2);
  static final String TYPE = "DisruptionTarget";
  private static final String BY_KUBELET = "TerminationByKubelet";

  private StaleDisruptionTarget() {}

  /** How long until the pod's condition is stale (zero: now), or empty when it has none to clean. */
  static Optional<Duration> cleanAfter(Pod pod, Instant now) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return Optional.empty();
    }
    Optional<PodCondition> target = condition(pod);
    if (target.isEmpty() || !"True".equals(target.get().getStatus()) || BY_KUBELET.equals(target.get().getReason())) {
      return Optional.empty();
    }
    String since = target.get().getLastTransitionTime();
    Instant set = since == null || since.isEmpty() ? Instant.EPOCH : Instant.parse(since);
    Duration left = Duration.between(now, set.plus(TIMEOUT));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /** The pod's conditions with DisruptionTarget turned False at {@code now} (reason and message cleared). */
  static List<PodCondition> reset(Pod pod, Instant now) {
    List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions());
    for (int i = 0; i < conditions.size(); i++) {
      if (TYPE.equals(conditions.get(i).getType())) {
        conditions.set(i, new PodConditionBuilder().withType(TYPE).withStatus("False")
            .withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString()).build());
      }
    }
    return conditions;
  }

  private static Optional<PodCondition> condition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> TYPE.equals(c.getType())).findFirst();
  }
}
