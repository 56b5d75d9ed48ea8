package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;

/**
 * A pod with what the plugins derive from it, computed once per pod version: its requests, its non-zero requests
 * for scoring, and its host ports. The pod object is never modified.
 */
public record PodInfo(Pod pod, Resources requests, Resources nonZeroRequests, List<HostPort> hostPorts) {
  public PodInfo {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(pod.getMetadata(), "pod.metadata");
    hostPorts = List.copyOf(hostPorts);
  }

  public static PodInfo of(Pod pod) {
    return new PodInfo(pod, PodRequests.of(pod), PodRequests.nonZeroOf(pod), HostPort.of(pod));
  }

  public String uid() {
    return pod.getMetadata().getUid();
  }

  public String namespace() {
    return pod.getMetadata().getNamespace();
  }

  public String name() {
    return pod.getMetadata().getName();
  }

  /** {@code namespace/name}, as Kubernetes prints a pod in events and logs. */
  public String key() {
    return namespace() + "/" + name();
  }

  /** {@code spec.priority}, zero when unset (Kubernetes' {@code PodPriority}). */
  public int priority() {
    Integer p = pod.getSpec() == null ? null : pod.getSpec().getPriority();
    return p == null ? 0 : p;
  }
}
