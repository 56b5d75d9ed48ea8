package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.scheduler.framework.LabelSelectors;
import io.skiff.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes' {@code filterPodsWithPDBViolation}: which of the potential victims, taken in the given order (most
 * important first), would break a PodDisruptionBudget if all of them were evicted. Each budget starts from its {@code
 * status.disruptionsAllowed}; every pod it selects (same namespace, a non-empty selector matching the pod's labels)
 * uses one, except pods already in its {@code status.disruptedPods} (the API server has charged the budget for them);
 * a pod that takes some budget below zero violates it. Pods without labels violate nothing.
 */
record BudgetSplit(List<PodInfo> violating, List<PodInfo> nonViolating) {
  BudgetSplit {
    violating = List.copyOf(violating);
    nonViolating = List.copyOf(nonViolating);
  }

  static BudgetSplit of(List<PodInfo> pods, List<PodDisruptionBudget> budgets) {
    int[] allowed = new int[budgets.size()];
    for (int i = 0; i < allowed.length; i++) {
      PodDisruptionBudgetStatus status = budgets.get(i).getStatus();
      allowed[i] = status == null || status.getDisruptionsAllowed() == null ? 0 : status.getDisruptionsAllowed();
    }
    List<PodInfo> violating = new ArrayList<>();
    List<PodInfo> nonViolating = new ArrayList<>();
    for (PodInfo pod : pods) {
      Map<String, String> labels = pod.pod().getMetadata().getLabels();
      boolean violates = false;
      if (labels != null && !labels.isEmpty()) {
        for (int i = 0; i < allowed.length; i++) {
          PodDisruptionBudget budget = budgets.get(i);
          if (!selects(budget, pod, labels) || alreadyDisrupted(budget, pod)) {
            continue;
          }
          allowed[i]--;
          if (allowed[i] < 0) {
            violates = true;
          }
        }
      }
      (violates ? violating : nonViolating).add(pod);
    }
    return new BudgetSplit(violating, nonViolating);
  }

  private static boolean selects(PodDisruptionBudget budget, PodInfo pod, Map<String, String> labels) {
    if (!Objects.equals(budget.getMetadata().getNamespace(), pod.pod().getMetadata().getNamespace())) {
      return false;
    }
    LabelSelector selector = budget.getSpec() == null ? null : budget.getSpec().getSelector();
    boolean empty = selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    return !empty && LabelSelectors.matches(selector, labels);
  }

  private static boolean alreadyDisrupted(PodDisruptionBudget budget, PodInfo pod) {
    PodDisruptionBudgetStatus status = budget.getStatus();
    return status != null && status.getDisruptedPods() != null && status.getDisruptedPods().containsKey(pod.name());
  }
}
