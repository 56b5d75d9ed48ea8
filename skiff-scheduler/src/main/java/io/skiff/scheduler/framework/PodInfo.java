package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod with what the plugins derive from it, computed once per pod version: its requests, its non-zero requests
 * for scoring, its host ports and its inter-pod affinity terms. The pod object is never modified.
 */
public record PodInfo(Pod pod, Resources requests, Resources nonZeroRequests, List<HostPort> hostPorts, PodAffinities affinities) {
  public PodInfo {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(pod.getMetadata(), "pod.metadata");
    hostPorts = List.copyOf(hostPorts);
    Objects.requireNonNull(affinities, "affinities");
  }

  public static PodInfo of(Pod pod) {
    return new PodInfo(pod, PodRequests.of(pod), PodRequests.nonZeroOf(pod), HostPort.of(pod), PodAffinities.of(pod));
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

  /** The pod's labels, never null. */
  public Map<String, String> labels() {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
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

  /** {@code status.startTime}, if the node has started the pod. */
  public java.util.Optional<java.time.Instant> startTime() {
    String t = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    return t == null || t.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(java.time.Instant.parse(t));
  }

  /** {@code status.nominatedNodeName}, empty when unset. */
  public String nominatedNodeName() {
    String n = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
    return n == null ? "" : n;
  }

  /** True when {@code spec.preemptionPolicy} is {@code Never}. */
  public boolean neverPreempts() {
    return pod.getSpec() != null && "Never".equals(pod.getSpec().getPreemptionPolicy());
  }

  /** True while the pod is being deleted. */
  public boolean terminating() {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }
}
