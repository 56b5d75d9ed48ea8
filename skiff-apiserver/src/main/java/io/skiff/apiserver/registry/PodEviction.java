package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.status.StatusMapper;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code pods/eviction} subresource, as Kubernetes' EvictionREST with no PodDisruptionBudgets: skiff serves no
 * PodDisruptionBudget, so every eviction is allowed. It checks the Eviction's name against the URL, marks the pod with
 * the {@code DisruptionTarget} condition (reason {@code EvictionByEvictionAPI}, message {@code Eviction API:
 * evicting}, unless a dry run), then deletes it gracefully with the Eviction's delete options, and answers {@code
 * Status Success}. A pod that is gone answers 404 as a delete would.
 */
public final class PodEviction {
  static final String DISRUPTION_TARGET = "DisruptionTarget";
  static final String REASON = "EvictionByEvictionAPI";
  static final String MESSAGE = "Eviction API: evicting";

  private final ObjectMapper mapper;

  public PodEviction(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * Evicts the pod.
   *
   * @param eviction the request body (policy/v1 or policy/v1beta1 Eviction) as a JSON tree
   * @param dryRun   the request's {@code dryRun=All}
   */
  public Status evict(GenericRegistry pods, String namespace, String name, JsonNode eviction, boolean dryRun, Instant now) {
    String named = eviction.path("metadata").path("name").asText("");
    if (!name.equals(named)) {
      throw new SkiffException.BadRequest("name in URL does not match name in Eviction object");
    }
    DeleteOptions options;
    try {
      options = eviction.hasNonNull("deleteOptions") ? mapper.treeToValue(eviction.get("deleteOptions"), DeleteOptions.class)
          : new DeleteOptions();
    } catch (java.io.IOException e) {
      throw new SkiffException.BadRequest("invalid deleteOptions in Eviction: " + e.getMessage());
    }
    boolean dry = dryRun || (options.getDryRun() != null && options.getDryRun().contains("All"));
    if (!dry) {
      markDisruptionTarget(pods, namespace, name, now);
    }
    pods.delete(namespace, name, options, dry);
    return StatusMapper.success();
  }

  private static void markDisruptionTarget(GenericRegistry pods, String namespace, String name, Instant now) {
    pods.store().guaranteedUpdate(namespace, name, null, o -> {
      Pod pod = (Pod) o;
      List<PodCondition> conditions = pod.getStatus().getConditions() == null ? new ArrayList<>() : new ArrayList<>(pod.getStatus().getConditions());
      for (PodCondition c : conditions) {
        if (DISRUPTION_TARGET.equals(c.getType()) && "True".equals(c.getStatus()) && REASON.equals(c.getReason())) {
          return pod;
        }
      }
      conditions.removeIf(c -> DISRUPTION_TARGET.equals(c.getType()));
      PodCondition target = new PodCondition();
      target.setType(DISRUPTION_TARGET);
      target.setStatus("True");
      target.setReason(REASON);
      target.setMessage(MESSAGE);
      target.setLastTransitionTime(GenericRegistry.timestamp(now));
      conditions.add(target);
      pod.getStatus().setConditions(conditions);
      return pod;
    });
  }
}
