package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.PreconditionsBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.rest.WriteOptions;
import io.skiff.apiserver.status.StatusMapper;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code pods/eviction} subresource, as Kubernetes' EvictionREST. It checks the Eviction's name against the URL;
 * a pod that is Pending, Succeeded, Failed or already being deleted is deleted at once; otherwise the
 * PodDisruptionBudgets of its namespace that select it decide ({@link EvictionBudget}): none lets it go, more than one
 * answers 500, a budget that allows no disruption answers 429 TooManyRequests, and one that does is charged: its
 * disruptionsAllowed goes down by one and the pod is recorded in its disruptedPods, written to the budget's status on
 * condition of its resourceVersion (re-read and retried on a conflict). A pod that is not Ready may go without a charge
 * when its budget's policy allows (AlwaysAllow, or IfHealthyBudget with enough healthy pods). The pod is then marked
 * with the {@code DisruptionTarget} condition (reason {@code EvictionByEvictionAPI}, message {@code Eviction API:
 * evicting}, unless a dry run) and deleted gracefully with the Eviction's delete options, answering {@code Status
 * Success}. A pod that is gone answers 404 as a delete would.
 */
public final class PodEviction {
  static final String DISRUPTION_TARGET = "DisruptionTarget";
  static final String REASON = "EvictionByEvictionAPI";
  static final String MESSAGE = "Eviction API: evicting";
  /** How often a conflicting write of the pod or the budget is retried, as Kubernetes' {@code EvictionsRetry} steps. */
  static final int RETRIES = 20;

  private final ObjectMapper mapper;

  public PodEviction(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * Evicts the pod, or refuses to.
   *
   * @param pods     the pods registry
   * @param budgets  the poddisruptionbudgets registry
   * @param eviction the request body (policy/v1 or policy/v1beta1 Eviction) as a JSON tree
   * @param dryRun   the request's {@code dryRun=All}
   * @return {@code Success}, or the 500 Failure Kubernetes answers for a pod with several budgets
   */
  public Status evict(GenericRegistry pods, GenericRegistry budgets, String namespace, String name, JsonNode eviction, boolean dryRun,
      Instant now) {
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
    boolean pinnedByCaller = options.getPreconditions() != null && options.getPreconditions().getResourceVersion() != null;

    Pod pod = null;
    for (int attempt = 0; ; attempt++) {
      pod = (Pod) pods.store().get(namespace, name);
      if (!EvictionBudget.bypassesBudgets(pod)) {
        break;
      }
      DeleteOptions effective = EvictionBudget.pinsResourceVersion(pod) && !pinnedByCaller
          ? pinned(options, pod.getMetadata().getResourceVersion()) : options;
      try {
        markAndDelete(pods, namespace, name, effective, dry, now);
        return StatusMapper.success();
      } catch (SkiffException.Conflict e) {
        if (pinnedByCaller || attempt + 1 >= RETRIES) {
          throw e;
        }
      }
    }

    List<PodDisruptionBudget> guarding = EvictionBudget.guarding(budgets.snapshot(namespace), pod);
    EvictionBudget.Verdict verdict = EvictionBudget.verdict(pod, guarding);
    DeleteOptions effective = options;
    String unhealthyBudget = null;
    switch (verdict) {
      case EvictionBudget.Verdict.TooManyBudgets t -> {
        return StatusMapper.failure(500, null, EvictionBudget.MULTIPLE, null);
      }
      case EvictionBudget.Verdict.Unguarded u -> { }
      case EvictionBudget.Verdict.DeleteUnhealthy d -> {
        unhealthyBudget = d.budget();
        effective = pinned(options, pod.getMetadata().getResourceVersion());
      }
      case EvictionBudget.Verdict.Decrement d -> charge(budgets, d.budget(), name, dry, now);
    }
    try {
      markAndDelete(pods, namespace, name, effective, dry, now);
    } catch (SkiffException.Conflict e) {
      if (unhealthyBudget != null && !pinnedByCaller) {
        throw EvictionBudget.stillProcessing(unhealthyBudget);
      }
      throw e;
    }
    return StatusMapper.success();
  }

  /** Spends one disruption of the budget, re-reading it after a conflicting write, as Kubernetes' RetryOnConflict does. */
  private static void charge(GenericRegistry budgets, PodDisruptionBudget budget, String podName, boolean dry, Instant now) {
    PodDisruptionBudget current = budget;
    String namespace = budget.getMetadata().getNamespace();
    String name = budget.getMetadata().getName();
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      PodDisruptionBudgetStatus next = EvictionBudget.decrement(current, podName, now, dry);
      if (dry) {
        return;
      }
      try {
        budgets.write(namespace, name, Long.parseLong(current.getMetadata().getResourceVersion()), o -> {
          ((PodDisruptionBudget) o).setStatus(next);
          return o;
        }, WriteOptions.defaults(), true);
        return;
      } catch (SkiffException.Conflict e) {
        current = (PodDisruptionBudget) budgets.store().get(namespace, name);
      }
    }
    throw new SkiffException.Timeout("Timeout: couldn't update PodDisruptionBudget \"" + name + "\" due to conflicts");
  }

  private static DeleteOptions pinned(DeleteOptions options, String resourceVersion) {
    DeleteOptions copy = new DeleteOptionsBuilder(options).build();
    Preconditions preconditions = copy.getPreconditions() == null ? new Preconditions() : new PreconditionsBuilder(copy.getPreconditions()).build();
    preconditions.setResourceVersion(resourceVersion);
    copy.setPreconditions(preconditions);
    return copy;
  }

  /**
   * Marks the pod as a disruption target (not on a dry run) and deletes it. A resourceVersion precondition is checked
   * against the pod before marking it and then moved to the marked version, so that the delete still succeeds.
   */
  private static void markAndDelete(GenericRegistry pods, String namespace, String name, DeleteOptions options, boolean dry, Instant now) {
    DeleteOptions effective = options;
    if (!dry) {
      HasMetadata marked = markDisruptionTarget(pods, namespace, name, options.getPreconditions(), now);
      if (options.getPreconditions() != null && options.getPreconditions().getResourceVersion() != null) {
        effective = pinned(options, marked.getMetadata().getResourceVersion());
      }
    }
    pods.delete(namespace, name, effective, dry);
  }

  private static HasMetadata markDisruptionTarget(GenericRegistry pods, String namespace, String name, Preconditions preconditions, Instant now) {
    return pods.store().guaranteedUpdate(namespace, name, null, o -> {
      Pod pod = (Pod) o;
      checkPreconditions(pod, preconditions);
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

  private static void checkPreconditions(Pod pod, Preconditions preconditions) {
    if (preconditions == null) {
      return;
    }
    SkiffException.Subject subject = new SkiffException.Subject("Pod", pod.getMetadata().getName());
    String uid = preconditions.getUid();
    if (uid != null && !uid.isEmpty() && !uid.equals(pod.getMetadata().getUid())) {
      throw new SkiffException.Conflict(subject, "the UID in the precondition (" + uid + ") does not match the UID in record ("
          + pod.getMetadata().getUid() + "). The object might have been deleted and then recreated");
    }
    String rv = preconditions.getResourceVersion();
    if (rv != null && !rv.isEmpty() && !rv.equals(pod.getMetadata().getResourceVersion())) {
      throw new SkiffException.Conflict(subject, "the ResourceVersion in the precondition (" + rv
          + ") does not match the ResourceVersion in record (" + pod.getMetadata().getResourceVersion() + "). The object might have been modified");
    }
  }
}
