package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.scheduler.cycle.NotScheduledReason;
import io.skiff.scheduler.cycle.PodStatusWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sets {@code PodScheduled=False} with a strategic merge patch of {@code status.conditions} on the status
 * subresource, as Kubernetes' scheduler does. The patch lists every condition of the pod, with PodScheduled replaced,
 * so that it means the same whether the server merges the list by {@code type} or replaces it.
 */
public final class ApiPodStatusWriter implements PodStatusWriter {
  static final String POD_SCHEDULED = "PodScheduled";

  private final KubernetesClient client;
  private final InstantSource clock;

  public ApiPodStatusWriter(KubernetesClient client, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A JSON merge patch of {@code status.nominatedNodeName} (null removes it) through the status subresource. */
  @Override
  public void setNominatedNodeName(Pod pod, String nodeName) {
    Map<String, Object> status = new java.util.HashMap<>();
    status.put("nominatedNodeName", nodeName == null || nodeName.isEmpty() ? null : nodeName);
    String patch = client.getKubernetesSerialization().asJson(Map.of("status", status));
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate(e, "pods", pod.getMetadata().getName());
    }
  }

  @Override
  public void markNotScheduled(Pod pod, NotScheduledReason reason, String message) {
    List<PodCondition> current = pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of() : pod.getStatus().getConditions();
    PodCondition existing = current.stream().filter(c -> POD_SCHEDULED.equals(c.getType())).findFirst().orElse(null);
    if (existing != null && "False".equals(existing.getStatus()) && reason.name().equals(existing.getReason())
        && message.equals(existing.getMessage())) {
      return;
    }
    String transition = existing != null && "False".equals(existing.getStatus()) && existing.getLastTransitionTime() != null
        ? existing.getLastTransitionTime() : Timestamps.time(clock.instant());
    PodCondition condition = new PodConditionBuilder().withType(POD_SCHEDULED).withStatus("False")
        .withReason(reason.name()).withMessage(message).withLastTransitionTime(transition).build();
    List<PodCondition> conditions = new ArrayList<>();
    boolean replaced = false;
    for (PodCondition c : current) {
      if (POD_SCHEDULED.equals(c.getType())) {
        conditions.add(condition);
        replaced = true;
      } else {
        conditions.add(c);
      }
    }
    if (!replaced) {
      conditions.add(condition);
    }
    String patch = client.getKubernetesSerialization().asJson(Map.of("status", Map.of("conditions", conditions)));
    String name = pod.getMetadata().getName();
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).subresource("status")
          .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate(e, "pods", name);
    }
  }
}
