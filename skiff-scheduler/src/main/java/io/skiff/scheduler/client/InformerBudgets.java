package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.scheduler.framework.DisruptionBudgets;
import java.util.List;
import java.util.Objects;

/** The PodDisruptionBudgets in a policy/v1 informer's store, for preemption (Kubernetes' PodDisruptionBudget lister). */
public final class InformerBudgets implements DisruptionBudgets {
  private final SharedIndexInformer<PodDisruptionBudget> informer;

  public InformerBudgets(SharedIndexInformer<PodDisruptionBudget> informer) {
    this.informer = Objects.requireNonNull(informer, "informer");
  }

  @Override
  public List<PodDisruptionBudget> list() {
    return informer.getStore().list();
  }
}
