package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * The resources a pod asks of its node, computed as Kubernetes' {@code resourcehelper.PodRequests} does: app
 * containers run together, so their requests add up; regular init containers run one at a time, so the largest of
 * them counts; restartable init containers (sidecars) keep running, so they add to the app containers and to every
 * init container that starts after them. The pod needs the larger of the two phases, plus {@code spec.overhead}.
 * Pod-level requests ({@code spec.resources.requests}) replace the container sum for cpu and memory.
 */
public final class PodRequests {
  /** The cpu the scoring assumes for a container that requests none (Kubernetes' {@code DefaultMilliCPURequest}). */
  public static final long DEFAULT_MILLI_CPU = 100;
  /** The memory the scoring assumes for a container that requests none (Kubernetes' {@code DefaultMemoryRequest}). */
  public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  private static final List<String> POD_LEVEL_RESOURCES = List.of(Resources.CPU, Resources.MEMORY);

  private PodRequests() {}

  /** What the pod requests, for fitting it on a node. */
  public static Resources of(Pod pod) {
    return aggregate(pod, false);
  }

  /**
   * What the pod requests with cpu and memory defaulted for containers that set none, which is what the scores use so
   * that pods without requests still spread (Kubernetes' non-zero requests).
   */
  public static Resources nonZeroOf(Pod pod) {
    return aggregate(pod, true);
  }

  private static Resources aggregate(Pod pod, boolean nonZero) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return Resources.NONE;
    }
    Resources total = Resources.NONE;
    for (Container c : list(spec.getContainers())) {
      total = total.plus(containerRequests(c, nonZero));
    }
    Resources sidecars = Resources.NONE;
    Resources initPeak = Resources.NONE;
    for (Container c : list(spec.getInitContainers())) {
      Resources own = containerRequests(c, nonZero);
      Resources phase;
      if ("Always".equals(c.getRestartPolicy())) {
        total = total.plus(own);
        sidecars = sidecars.plus(own);
        phase = sidecars;
      } else {
        phase = own.plus(sidecars);
      }
      initPeak = initPeak.max(phase);
    }
    total = total.max(initPeak);
    if (spec.getResources() != null && spec.getResources().getRequests() != null) {
      Map<String, Quantity> podLevel = spec.getResources().getRequests();
      for (String name : POD_LEVEL_RESOURCES) {
        Quantity q = podLevel.get(name);
        if (q != null) {
          total = total.with(name, name.equals(Resources.CPU) ? Resources.milliValue(q) : Resources.value(q));
        }
      }
    }
    if (spec.getOverhead() != null) {
      total = total.plus(Resources.of(spec.getOverhead()));
    }
    return total;
  }

  private static Resources containerRequests(Container c, boolean nonZero) {
    Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
    Resources r = Resources.of(requests);
    if (nonZero) {
      if (requests == null || !requests.containsKey(Resources.CPU)) {
        r = r.with(Resources.CPU, DEFAULT_MILLI_CPU);
      }
      if (requests == null || !requests.containsKey(Resources.MEMORY)) {
        r = r.with(Resources.MEMORY, DEFAULT_MEMORY);
      }
    }
    return r;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
