package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.selection.LabelSelector;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The PodDisruptionBudget side of Kubernetes' eviction handler, without I/O: which budgets guard a pod, what the
 * eviction must do about them ({@link Verdict}), and the check-and-decrement of the one budget that guards it.
 */
final class EvictionBudget {
  /** The StatusCause type of a refusal by a budget ({@code policyv1.DisruptionBudgetCause}). */
  static final String CAUSE = "DisruptionBudget";
  static final String REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
  static final String MULTIPLE = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
  /** More entries than this in disruptedPods mean the disruption controller is behind; further evictions are refused. */
  static final int MAX_DISRUPTED_PODS = 2000;
  static final String ALWAYS_ALLOW = "AlwaysAllow";

  private EvictionBudget() {}

  /** What an eviction of a pod that its budgets may guard does. */
  sealed interface Verdict {
    /** No budget selects the pod: it is deleted. */
    record Unguarded() implements Verdict {}

    /** More than one budget selects the pod: the eviction is refused with a 500. */
    record TooManyBudgets() implements Verdict {}

    /**
     * The pod is not Ready and its budget lets it go without spending a disruption (AlwaysAllow, or IfHealthyBudget with
     * the budget's healthy count met): it is deleted on condition that it has not changed since (its resourceVersion).
     */
    record DeleteUnhealthy(String budget) implements Verdict {}

    /** The budget must allow a disruption, spent by this eviction. */
    record Decrement(PodDisruptionBudget budget) implements Verdict {}
  }

  /**
   * Whether the pod is deleted without looking at budgets: it is Pending, Succeeded or Failed, or already being
   * deleted (Kubernetes' {@code canIgnorePDB}).
   */
  static boolean bypassesBudgets(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Pending".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase) || pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Whether a delete that bypasses budgets still pins the pod's resourceVersion: for any pod not terminal nor being deleted. */
  static boolean pinsResourceVersion(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  /** The budgets of the pod's namespace whose selector matches its labels; a budget with an invalid selector matches nothing. */
  static List<PodDisruptionBudget> guarding(List<? extends HasMetadata> budgets, Pod pod) {
    List<PodDisruptionBudget> matching = new ArrayList<>();
    for (HasMetadata o : budgets) {
      PodDisruptionBudget pdb = (PodDisruptionBudget) o;
      if (!Objects.equals(pdb.getMetadata().getNamespace(), pod.getMetadata().getNamespace())) {
        continue;
      }
      LabelSelector selector;
      try {
        selector = LabelSelector.from(pdb.getSpec() == null ? null : pdb.getSpec().getSelector());
      } catch (SkiffException.BadRequest invalid) {
        continue;
      }
      if (selector.matches(pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels())) {
        matching.add(pdb);
      }
    }
    return matching;
  }

  /** The verdict for a pod that does not bypass budgets, given the budgets that guard it. */
  static Verdict verdict(Pod pod, List<PodDisruptionBudget> guarding) {
    if (guarding.size() > 1) {
      return new Verdict.TooManyBudgets();
    }
    if (guarding.isEmpty()) {
      return new Verdict.Unguarded();
    }
    PodDisruptionBudget pdb = guarding.get(0);
    if (!ready(pod)) {
      if (pdb.getSpec() != null && ALWAYS_ALLOW.equals(pdb.getSpec().getUnhealthyPodEvictionPolicy())) {
        return new Verdict.DeleteUnhealthy(pdb.getMetadata().getName());
      }
      int current = count(pdb.getStatus() == null ? null : pdb.getStatus().getCurrentHealthy());
      int desired = count(pdb.getStatus() == null ? null : pdb.getStatus().getDesiredHealthy());
      if (current >= desired && desired > 0) {
        return new Verdict.DeleteUnhealthy(pdb.getMetadata().getName());
      }
    }
    return new Verdict.Decrement(pdb);
  }

  /**
   * Kubernetes' {@code checkAndDecrement}: the budget's status after this eviction spends one disruption, with the pod
   * recorded in disruptedPods at {@code now} (not for a dry run).
   *
   * @throws SkiffException.TooManyRequests when the budget allows no disruption now, or its status is older than its spec
   * @throws SkiffException.Forbidden       when disruptionsAllowed is negative or disruptedPods has grown too large
   */
  static PodDisruptionBudgetStatus decrement(PodDisruptionBudget pdb, String podName, Instant now, boolean dryRun) {
    String name = pdb.getMetadata().getName();
    PodDisruptionBudgetStatus status = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
    long generation = pdb.getMetadata().getGeneration() == null ? 0 : pdb.getMetadata().getGeneration();
    if (observed < generation) {
      throw stillProcessing(name);
    }
    int allowed = count(status.getDisruptionsAllowed());
    if (allowed < 0) {
      throw forbidden(name, "pdb disruptions allowed is negative");
    }
    Map<String, String> disrupted = status.getDisruptedPods() == null ? Map.of() : status.getDisruptedPods();
    if (disrupted.size() > MAX_DISRUPTED_PODS) {
      throw forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
    }
    if (allowed == 0) {
      throw new SkiffException.TooManyRequests(REFUSED, 0, List.of(new SkiffException.TooManyRequests.Cause(CAUSE,
          "The disruption budget " + name + " needs " + count(status.getDesiredHealthy()) + " healthy pods and has "
              + count(status.getCurrentHealthy()) + " currently")));
    }
    PodDisruptionBudgetStatus next = new PodDisruptionBudgetStatusBuilder(status).withDisruptionsAllowed(allowed - 1).build();
    if (allowed - 1 == 0) {
      DisruptionAllowedCondition.update(next, now);
    }
    if (!dryRun) {
      Map<String, String> pods = new LinkedHashMap<>(disrupted);
      pods.put(podName, GenericRegistry.timestamp(now));
      next.setDisruptedPods(pods);
    }
    return next;
  }

  /** The 429 Kubernetes answers while a budget's status does not reflect its spec yet, or a guarded pod changed meanwhile. */
  static SkiffException.TooManyRequests stillProcessing(String budget) {
    return new SkiffException.TooManyRequests(REFUSED, 10, List.of(new SkiffException.TooManyRequests.Cause(CAUSE,
        "The disruption budget " + budget + " is still being processed by the server.")));
  }

  private static SkiffException.Forbidden forbidden(String budget, String why) {
    return new SkiffException.Forbidden("poddisruptionbudget.policy \"" + budget + "\" is forbidden: " + why);
  }

  /** Kubernetes' {@code IsPodReady}: the pod's Ready condition is True. */
  static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
