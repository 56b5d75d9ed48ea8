package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Kubernetes' default mutating admission plugins add to a new Pod, so that {@code -o yaml} reads as on a real
 * cluster: the ServiceAccount plugin's {@code default} service account, DefaultTolerationSeconds' five-minute
 * tolerations of not-ready and unreachable nodes, and the Priority plugin's priority, class and preemption policy
 * (from the pod's PriorityClass or the global default one; kept from the stored pod on update).
 * The ServiceAccount plugin's projected token volume is not added: skiff issues no service account tokens.
 */
final class PodAdmission {

  static final String DEFAULT_SERVICE_ACCOUNT = "default";
  static final long DEFAULT_TOLERATION_SECONDS = 300;
  static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";

  static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

  /** Applies the plugins that run on create. */
  static void admitCreate(Pod pod, PriorityClasses classes) {
    PodSpec spec = pod.getSpec();
    if (PodDefaults.empty(spec.getServiceAccountName())) {
      spec.setServiceAccountName(DEFAULT_SERVICE_ACCOUNT);
    }
    spec.setServiceAccount(spec.getServiceAccountName());
    tolerations(spec);
    priority(pod, classes);
  }

  /** Applies the plugins that also run on update. */
  static void admitUpdate(Pod pod, Pod old) {
    tolerations(pod.getSpec());
    PodSpec spec = pod.getSpec();
    PodSpec before = old.getSpec();
    if (spec.getPriority() == null && before != null && before.getPriority() != null) {
      spec.setPriority(before.getPriority());
    }
    if (spec.getPreemptionPolicy() == null && before != null && before.getPreemptionPolicy() != null) {
      spec.setPreemptionPolicy(before.getPreemptionPolicy());
    }
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

  /**
   * The Priority plugin on create: the named class (403 when there is none), else the global default class, else
   * priority 0 with {@code PreemptLowerPriority}; a priority or preemption policy given in the spec must agree.
   */
  private static void priority(Pod pod, PriorityClasses classes) {
    if (pod.getMetadata() != null && pod.getMetadata().getAnnotations() != null
        && pod.getMetadata().getAnnotations().containsKey(MIRROR_POD_ANNOTATION)) {
      return;
    }
    PodSpec spec = pod.getSpec();
    int priority;
    String policy;
    String className = spec.getPriorityClassName();
    if (PodDefaults.empty(className)) {
      Optional<PriorityClass> globalDefault = classes.globalDefault();
      spec.setPriorityClassName(globalDefault.map(c -> c.getMetadata().getName()).orElse(null));
      priority = globalDefault.map(PodAdmission::value).orElse(0);
      policy = globalDefault.isPresent() ? globalDefault.get().getPreemptionPolicy() : SystemPriorityClasses.PREEMPT_LOWER_PRIORITY;
    } else {
      PriorityClass pc = classes.find(className).orElseThrow(() -> forbidden(pod, "no PriorityClass with name " + className + " was found"));
      priority = value(pc);
      policy = pc.getPreemptionPolicy();
    }
    if (spec.getPriority() != null && spec.getPriority() != priority) {
      throw forbidden(pod, "the integer value of priority (" + spec.getPriority()
          + ") must not be provided in pod spec; priority admission controller computed " + priority + " from the given PriorityClass name");
    }
    spec.setPriority(priority);
    if (policy != null) {
      if (!PodDefaults.empty(spec.getPreemptionPolicy()) && !spec.getPreemptionPolicy().equals(policy)) {
        throw forbidden(pod, "the string value of PreemptionPolicy (" + spec.getPreemptionPolicy()
            + ") must not be provided in pod spec; priority admission controller computed " + policy + " from the given PriorityClass name");
      }
      spec.setPreemptionPolicy(policy);
    }
  }

  private static int value(PriorityClass pc) {
    return pc.getValue() == null ? 0 : pc.getValue();
  }

  private static SkiffException.Forbidden forbidden(Pod pod, String why) {
    return new SkiffException.Forbidden("pods \"" + name(pod) + "\" is forbidden: " + why);
  }

  private static String name(Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getName() == null ? "" : pod.getMetadata().getName();
  }
}
