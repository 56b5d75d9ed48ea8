package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.apiserver.rest.GenericRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code DisruptionAllowed} condition of a PodDisruptionBudget's status, as Kubernetes' PDB helper sets it:
 * {@code True}/{@code SufficientPods} while disruptions are allowed, {@code False}/{@code InsufficientPods} otherwise,
 * with the status's observedGeneration; lastTransitionTime changes only when the condition's status does
 * ({@code meta.SetStatusCondition}).
 */
final class DisruptionAllowedCondition {
  static final String TYPE = "DisruptionAllowed";
  static final String SUFFICIENT_PODS = "SufficientPods";
  static final String INSUFFICIENT_PODS = "InsufficientPods";

  private DisruptionAllowedCondition() {}

  /** Sets the condition in {@code status} from its disruptionsAllowed. */
  static void update(PodDisruptionBudgetStatus status, Instant now) {
    boolean allowed = status.getDisruptionsAllowed() != null && status.getDisruptionsAllowed() > 0;
    String value = allowed ? "True" : "False";
    List<Condition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
    Condition existing = conditions.stream().filter(c -> TYPE.equals(c.getType())).findFirst().orElse(null);
    Condition next = new ConditionBuilder().withType(TYPE).withStatus(value).withReason(allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS)
        .withMessage("")
        .withObservedGeneration(status.getObservedGeneration())
        .withLastTransitionTime(existing != null && value.equals(existing.getStatus()) && existing.getLastTransitionTime() != null
            ? existing.getLastTransitionTime() : GenericRegistry.timestamp(now))
        .build();
    if (existing == null) {
      conditions.add(next);
    } else {
      conditions.set(conditions.indexOf(existing), next);
    }
    status.setConditions(conditions);
  }
}
