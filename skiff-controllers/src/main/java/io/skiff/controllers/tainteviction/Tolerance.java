package io.skiff.controllers.tainteviction;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.scheduler.plugins.Tolerations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How long a pod may stay on a node with NoExecute taints, as Kubernetes' taint eviction decides it: every taint must
 * be tolerated by one of the pod's tolerations (the first matching one is used); the pod may then stay for the
 * shortest {@code tolerationSeconds} among those used (zero or less meaning at once), or forever when none of them
 * sets it.
 *
 * @param allTolerated whether every taint is tolerated
 * @param stay         how long the pod may stay; empty for ever (only meaningful when all are tolerated)
 */
record Tolerance(boolean allTolerated, Optional<Duration> stay) {
  static Tolerance of(List<Taint> taints, List<Toleration> tolerations) {
    List<Toleration> used = new ArrayList<>();
    for (Taint taint : taints) {
      Optional<Toleration> match = tolerations == null ? Optional.empty() : tolerations.stream().filter(t -> Tolerations.tolerates(t, taint)).findFirst();
      if (match.isEmpty()) {
        return new Tolerance(false, Optional.of(Duration.ZERO));
      }
      used.add(match.get());
    }
    if (used.isEmpty()) {
      return new Tolerance(true, Optional.of(Duration.ZERO));
    }
    Long min = null;
    for (Toleration t : used) {
      if (t.getTolerationSeconds() != null) {
        long s = Math.max(0, t.getTolerationSeconds());
        min = min == null ? s : Math.min(min, s);
      }
    }
    return new Tolerance(true, min == null ? Optional.empty() : Optional.of(Duration.ofSeconds(min)));
  }
}
