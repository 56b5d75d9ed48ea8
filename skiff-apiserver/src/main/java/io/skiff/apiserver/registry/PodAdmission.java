package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Kubernetes' default mutating admission plugins add to a new Pod, so that {@code -o yaml} reads as on a real
 * cluster: the ServiceAccount plugin's {@code default} service account, DefaultTolerationSeconds' five-minute
 * tolerations of not-ready and unreachable nodes, and the Priority plugin's priority and preemption policy.
 * The ServiceAccount plugin's projected token volume is not added: skiff issues no service account tokens.
 */
final class PodAdmission {

  static final String DEFAULT_SERVICE_ACCOUNT = "default";
  static final long DEFAULT_TOLERATION_SECONDS = 300;
  static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";

  /** The priority classes every cluster has; skiff serves no PriorityClass resource. */
  private static final Map<String, Integer> SYSTEM_PRIORITY_CLASSES =
      Map.of("system-cluster-critical", 2000000000, "system-node-critical", 2000001000);

  private PodAdmission() {}

  /** Applies the plugins that run on create. */
  static void admitCreate(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (PodDefaults.empty(spec.getServiceAccountName())) {
      spec.setServiceAccountName(DEFAULT_SERVICE_ACCOUNT);
    }
    spec.setServiceAccount(spec.getServiceAccountName());
    tolerations(spec);
    priority(pod);
  }

  /** Applies the plugins that also run on update. */
  static void admitUpdate(Pod pod) {
    tolerations(pod.getSpec());
  }

  private static void tolerations(PodSpec spec) {
    List<Toleration> tolerations = new ArrayList<>(PodDefaults.nonNull(spec.getTolerations()));
    boolean notReady = false;
    boolean unreachable = false;
    for (Toleration t : tolerations) {
      String key = t.getKey() == null ? "" : t.getKey();
      boolean noExecute = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals("NoExecute");
      notReady |= (key.equals(NOT_READY_TAINT) || key.isEmpty()) && noExecute;
      unreachable |= (key.equals(UNREACHABLE_TAINT) || key.isEmpty()) && noExecute;
    }
    if (notReady && unreachable) {
      return;
    }
    if (!notReady) {
      tolerations.add(new Toleration("NoExecute", NOT_READY_TAINT, "Exists", DEFAULT_TOLERATION_SECONDS, null));
    }
    if (!unreachable) {
      tolerations.add(new Toleration("NoExecute", UNREACHABLE_TAINT, "Exists", DEFAULT_TOLERATION_SECONDS, null));
    }
    spec.setTolerations(tolerations);
  }

  private static void priority(Pod pod) {
    PodSpec spec = pod.getSpec();
    int priority;
    String className = spec.getPriorityClassName();
    if (PodDefaults.empty(className)) {
      priority = 0;
    } else {
      Integer value = SYSTEM_PRIORITY_CLASSES.get(className);
      if (value == null) {
        throw new SkiffException.Forbidden("pods \"" + name(pod) + "\" is forbidden: no PriorityClass with name " + className + " was found");
      }
      priority = value;
    }
    if (spec.getPriority() != null && spec.getPriority() != priority) {
      throw new SkiffException.Forbidden("pods \"" + name(pod) + "\" is forbidden: the integer value of priority (" + spec.getPriority()
          + ") must not be provided in pod spec; priority admission controller computed " + priority + " from the given PriorityClass name");
    }
    spec.setPriority(priority);
    if (PodDefaults.empty(spec.getPreemptionPolicy())) {
      spec.setPreemptionPolicy("PreemptLowerPriority");
    }
  }

  private static String name(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getName() == null ? "" : pod.getMetadata().getName();
  }
}
