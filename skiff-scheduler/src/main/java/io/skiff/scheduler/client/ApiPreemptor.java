package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.scheduler.cycle.Preemptor;
import io.skiff.scheduler.plugins.DefaultPreemption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evicts a victim as Kubernetes' scheduler does: a strategic merge patch of the status subresource adds the {@code
 * DisruptionTarget} condition ({@code True}, reason {@code PreemptionByScheduler}, message {@code <scheduler>:
 * preempting to accommodate a higher priority pod}), then the pod is deleted with default options, so its own
 * {@code terminationGracePeriodSeconds} applies. A victim that is gone already counts as evicted.
 */
public final class ApiPreemptor implements Preemptor {
  private final KubernetesClient client;
  private final InstantSource clock;

  public ApiPreemptor(KubernetesClient client, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void preempt(Pod victim, Pod preemptor, String nodeName) {
    String namespace = victim.getMetadata().getNamespace();
    String name = victim.getMetadata().getName();
    String schedulerName = preemptor.getSpec() == null || preemptor.getSpec().getSchedulerName() == null
        ? PodEventHandler.DEFAULT_SCHEDULER : preemptor.getSpec().getSchedulerName();
    PodCondition target = new PodConditionBuilder().withType(DefaultPreemption.DISRUPTION_TARGET).withStatus("True")
        .withReason(DefaultPreemption.PREEMPTION_BY_SCHEDULER)
        .withMessage(schedulerName + ": preempting to accommodate a higher priority pod")
        .withLastTransitionTime(Timestamps.time(clock.instant())).build();
    try {
      List<PodCondition> conditions = withCondition(victim, target);
      if (conditions != null) {
        String patch = client.getKubernetesSerialization().asJson(Map.of("status", Map.of("conditions", conditions)));
        client.pods().inNamespace(namespace).resource(victim).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
      }
      client.pods().inNamespace(namespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw ApiErrors.translate(e, "pods", name);
      }
    }
  }

  /**
   * The victim's conditions with {@code target} in place of its DisruptionTarget condition (keeping the transition time
   * when the status does not change), or null when the victim already says exactly that.
   */
  static List<PodCondition> withCondition(Pod victim, PodCondition target) {
    List<PodCondition> current = victim.getStatus() == null || victim.getStatus().getConditions() == null
        ? List.of() : victim.getStatus().getConditions();
    List<PodCondition> conditions = new ArrayList<>();
    boolean replaced = false;
    for (PodCondition c : current) {
      if (!target.getType().equals(c.getType())) {
        conditions.add(c);
        continue;
      }
      if (Objects.equals(c.getStatus(), target.getStatus()) && Objects.equals(c.getReason(), target.getReason())
          && Objects.equals(c.getMessage(), target.getMessage())) {
        return null;
      }
      PodCondition updated = new PodConditionBuilder(target).build();
      if (Objects.equals(c.getStatus(), target.getStatus()) && c.getLastTransitionTime() != null) {
        updated.setLastTransitionTime(c.getLastTransitionTime());
      }
      conditions.add(updated);
      replaced = true;
    }
    if (!replaced) {
      conditions.add(target);
    }
    return conditions;
  }
}
