package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * Where preemption reads the cluster's policy/v1 PodDisruptionBudgets (Kubernetes' PodDisruptionBudget lister): the
 * running scheduler reads an informer's store; {@link #NONE} stands for a cluster without budgets.
 */
@FunctionalInterface
public interface DisruptionBudgets {
  DisruptionBudgets NONE = List::of;

  /** The budgets known now, in all namespaces. */
  List<PodDisruptionBudget> list();
}
