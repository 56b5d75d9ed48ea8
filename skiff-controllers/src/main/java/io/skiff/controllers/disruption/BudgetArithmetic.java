package io.skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The disruption controller's arithmetic, without I/O, as Kubernetes computes it. expectedPods: the number of selected
 * pods for an integer minAvailable; otherwise the scale of the pods' controllers, where a pod without a controller
 * counts for nothing ("unmanaged") and a pod whose controller cannot be found makes the computation fail ("found no
 * controllers for pod ..."): skiff serves no workload resources yet, so no controller's scale is ever found.
 * desiredHealthy: minAvailable (a percentage of expectedPods rounded up), or expectedPods less maxUnavailable.
 * currentHealthy: the Ready pods that are neither being deleted nor recorded in disruptedPods within the last two
 * minutes. disruptionsAllowed: currentHealthy less desiredHealthy, never below 0, and 0 while no pod is expected.
 */
final class BudgetArithmetic {
  /** How long a pod stays in disruptedPods without being deleted before it counts again ({@code DeletionTimeout}). */
  static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
  static final String CONDITION = "DisruptionAllowed";
  static final String SUFFICIENT_PODS = "SufficientPods";
  static final String INSUFFICIENT_PODS = "InsufficientPods";
  static final String SYNC_FAILED = "SyncFailed";

  private BudgetArithmetic() {}

  /** The expected pod count could not be computed; {@code message} is Kubernetes' error text. */
  static final class ScaleUnknown extends Exception {
    ScaleUnknown(String message) {
      super(message);
    }
  }

  /** expectedPods, desiredHealthy, and the selected pods without a controller (only looked for with a scale). */
  record Expectation(int expectedPods, int desiredHealthy, List<String> unmanagedPods) {
    Expectation {
      unmanagedPods = List.copyOf(unmanagedPods);
    }
  }

  /** A pod in disruptedPods that was not deleted within the timeout, and dropped from the map. */
  record NotDeleted(String pod) {}

  /** The status a sync computes, when to sync again for a disruptedPods entry to expire, and the pods it dropped. */
  record Sync(PodDisruptionBudgetStatus status, Optional<Instant> recheckAt, List<NotDeleted> notDeleted) {
    Sync {
      Objects.requireNonNull(status, "status");
      notDeleted = List.copyOf(notDeleted);
    }
  }

  /** Kubernetes' {@code getExpectedPodCount}. */
  static Expectation expectation(PodDisruptionBudgetSpec spec, List<Pod> pods) throws ScaleUnknown {
    IntOrString max = spec.getMaxUnavailable();
    IntOrString min = spec.getMinAvailable();
    if (max != null) {
      Scale scale = scale(pods);
      int desired = Math.max(0, scale.count() - scaled(max, scale.count()));
      return new Expectation(scale.count(), desired, scale.unmanaged());
    }
    if (min != null) {
      if (min.getStrVal() == null) {
        return new Expectation(pods.size(), min.getIntVal() == null ? 0 : min.getIntVal(), List.of());
      }
      Scale scale = scale(pods);
      return new Expectation(scale.count(), scaled(min, scale.count()), scale.unmanaged());
    }
    return new Expectation(0, 0, List.of());
  }

  private record Scale(int count, List<String> unmanaged) {}

  /**
   * Kubernetes' {@code getExpectedScale}: the sum of the scales of the pods' controllers. Pods without a controller are
   * unmanaged; a pod with one fails the computation, since skiff serves no resource with a scale to look it up in.
   */
  private static Scale scale(List<Pod> pods) throws ScaleUnknown {
    List<String> unmanaged = new ArrayList<>();
    for (Pod pod : pods) {
      Optional<OwnerReference> controller = controllerOf(pod);
      if (controller.isEmpty()) {
        unmanaged.add(pod.getMetadata().getName());
        continue;
      }
      throw new ScaleUnknown("found no controllers for pod \"" + pod.getMetadata().getName() + "\"");
    }
    return new Scale(0, unmanaged);
  }

  private static Optional<OwnerReference> controllerOf(Pod pod) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    return refs == null ? Optional.empty() : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  /** intstr's {@code GetScaledValueFromIntOrPercent} rounding up: a percentage of {@code total}, or the integer. */
  static int scaled(IntOrString value, int total) {
    if (value.getStrVal() == null) {
      return value.getIntVal() == null ? 0 : value.getIntVal();
    }
    String s = value.getStrVal();
    long percent = Long.parseLong(s.substring(0, s.length() - 1));
    return (int) Math.ceil(percent * (double) total / 100.0);
  }

  /** Kubernetes' {@code buildDisruptedPodMap} and {@code countHealthyPods}, then {@code updatePdbStatus}'s arithmetic. */
  static Sync sync(PodDisruptionBudget pdb, List<Pod> pods, Expectation expectation, Instant now) {
    PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    Map<String, String> recorded = old.getDisruptedPods() == null ? Map.of() : old.getDisruptedPods();
    Map<String, String> disrupted = new TreeMap<>();
    List<NotDeleted> notDeleted = new ArrayList<>();
    Instant recheck = null;
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (pod.getMetadata().getDeletionTimestamp() != null || !recorded.containsKey(name)) {
        continue;
      }
      Instant expectedDeletion = Instant.parse(recorded.get(name)).plus(DELETION_TIMEOUT);
      if (expectedDeletion.isBefore(now)) {
        notDeleted.add(new NotDeleted(name));
      } else {
        disrupted.put(name, recorded.get(name));
        recheck = recheck == null || expectedDeletion.isBefore(recheck) ? expectedDeletion : recheck;
      }
    }
    int healthy = 0;
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() == null && !disrupted.containsKey(pod.getMetadata().getName()) && ready(pod)) {
        healthy++;
      }
    }
    int allowed = disruptionsAllowed(healthy, expectation.desiredHealthy(), expectation.expectedPods());
    long generation = pdb.getMetadata().getGeneration() == null ? 0 : pdb.getMetadata().getGeneration();
    PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatus();
    status.setCurrentHealthy(healthy);
    status.setDesiredHealthy(expectation.desiredHealthy());
    status.setExpectedPods(expectation.expectedPods());
    status.setDisruptionsAllowed(allowed);
    status.setDisruptedPods(disrupted.isEmpty() ? null : disrupted);
    status.setObservedGeneration(generation);
    status.setConditions(old.getConditions() == null ? null : new ArrayList<>(old.getConditions()));
    setAllowedCondition(status, now);
    return new Sync(status, Optional.ofNullable(recheck), notDeleted);
  }

  /** disruptionsAllowed: the healthy pods beyond the desired ones, 0 when none is expected. */
  static int disruptionsAllowed(int currentHealthy, int desiredHealthy, int expectedPods) {
    int allowed = currentHealthy - desiredHealthy;
    return expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
  }

  /** Whether {@code computed} differs from the stored status in what Kubernetes compares before writing it. */
  static boolean changed(PodDisruptionBudget pdb, PodDisruptionBudgetStatus computed) {
    PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    Map<String, String> oldPods = old.getDisruptedPods() == null || old.getDisruptedPods().isEmpty() ? Map.of() : old.getDisruptedPods();
    Map<String, String> newPods = computed.getDisruptedPods() == null ? Map.of() : computed.getDisruptedPods();
    long generation = pdb.getMetadata().getGeneration() == null ? 0 : pdb.getMetadata().getGeneration();
    return !Objects.equals(old.getCurrentHealthy(), computed.getCurrentHealthy())
        || !Objects.equals(old.getDesiredHealthy(), computed.getDesiredHealthy())
        || !Objects.equals(old.getExpectedPods(), computed.getExpectedPods())
        || !Objects.equals(old.getDisruptionsAllowed(), computed.getDisruptionsAllowed())
        || !oldPods.equals(newPods)
        || !Objects.equals(old.getObservedGeneration(), generation)
        || !conditionUpToDate(old, generation);
  }

  private static boolean conditionUpToDate(PodDisruptionBudgetStatus status, long generation) {
    Optional<Condition> c = condition(status);
    if (c.isEmpty() || !Objects.equals(status.getObservedGeneration(), generation)) {
      return false;
    }
    boolean allowed = status.getDisruptionsAllowed() != null && status.getDisruptionsAllowed() > 0;
    return allowed ? "True".equals(c.get().getStatus()) && SUFFICIENT_PODS.equals(c.get().getReason())
        : "False".equals(c.get().getStatus()) && INSUFFICIENT_PODS.equals(c.get().getReason());
  }

  /**
   * Kubernetes' {@code failSafe}: the stored status with disruptionsAllowed 0 and the condition False/{@code SyncFailed}
   * carrying the error, observedGeneration left as it was (so the eviction handler answers "still being processed").
   */
  static PodDisruptionBudgetStatus failSafe(PodDisruptionBudget pdb, String error, Instant now) {
    PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    PodDisruptionBudgetStatus status = new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder(old).build();
    status.setDisruptionsAllowed(0);
    setCondition(status, "False", SYNC_FAILED, error, now);
    return status;
  }

  /** {@code UpdateDisruptionAllowedCondition}: True/SufficientPods while disruptions are allowed, else False/InsufficientPods. */
  static void setAllowedCondition(PodDisruptionBudgetStatus status, Instant now) {
    boolean allowed = status.getDisruptionsAllowed() != null && status.getDisruptionsAllowed() > 0;
    setCondition(status, allowed ? "True" : "False", allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS, "", now);
  }

  /** {@code meta.SetStatusCondition}: lastTransitionTime moves only when the condition's status changes. */
  private static void setCondition(PodDisruptionBudgetStatus status, String value, String reason, String message, Instant now) {
    List<Condition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
    Optional<Condition> existing = condition(status);
    String transition = existing.isPresent() && value.equals(existing.get().getStatus()) && existing.get().getLastTransitionTime() != null
        ? existing.get().getLastTransitionTime() : now.truncatedTo(ChronoUnit.SECONDS).toString();
    Condition next = new ConditionBuilder().withType(CONDITION).withStatus(value).withReason(reason).withMessage(message)
        .withObservedGeneration(status.getObservedGeneration()).withLastTransitionTime(transition).build();
    if (existing.isPresent()) {
      conditions.set(conditions.indexOf(existing.get()), next);
    } else {
      conditions.add(next);
    }
    status.setConditions(conditions);
  }

  static Optional<Condition> condition(PodDisruptionBudgetStatus status) {
    return status.getConditions() == null ? Optional.empty()
        : status.getConditions().stream().filter(c -> CONDITION.equals(c.getType())).findFirst();
  }

  /** Kubernetes' {@code IsPodReady}. */
  static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
