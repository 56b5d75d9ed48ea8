package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Optional;

/** Whether tolerations tolerate taints, with Kubernetes' matching rules ({@code Toleration.ToleratesTaint}). */
public final class Tolerations {
  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  private Tolerations() {}

  /**
   * True when {@code toleration} matches {@code taint}: the effects are equal or the toleration's is empty; the keys are
   * equal or the toleration's is empty (validation allows that only with {@code Exists}); and the operator is {@code
   * Exists}, or {@code Equal} (the default) with equal values.
   */
  public static boolean tolerates(Toleration toleration, Taint taint) {
    String effect = toleration.getEffect();
    if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
      return false;
    }
    String key = toleration.getKey();
    if (key != null && !key.isEmpty() && !key.equals(taint.getKey())) {
      return false;
    }
    String operator = toleration.getOperator();
    if (operator == null || operator.isEmpty() || operator.equals("Equal")) {
      return nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
    }
    return operator.equals("Exists");
  }

  /** True when any of {@code tolerations} tolerates {@code taint}. */
  public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
    if (tolerations == null) {
      return false;
    }
    for (Toleration t : tolerations) {
      if (tolerates(t, taint)) {
        return true;
      }
    }
    return false;
  }

  /** The first taint with effect NoSchedule or NoExecute that no toleration tolerates. */
  public static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations) {
    if (taints == null) {
      return Optional.empty();
    }
    for (Taint t : taints) {
      if ((NO_SCHEDULE.equals(t.getEffect()) || NO_EXECUTE.equals(t.getEffect())) && !anyTolerates(tolerations, t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Kubernetes' reason for an untolerated taint: {@code node(s) had untolerated taint {<key>: <value>}}. */
  public static String untoleratedReason(String key, String value) {
    return "node(s) had untolerated taint {" + key + ": " + nullToEmpty(value) + "}";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
