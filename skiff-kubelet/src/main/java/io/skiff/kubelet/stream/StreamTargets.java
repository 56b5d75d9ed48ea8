package io.skiff.kubelet.stream;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.status.StatusManager;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerRuntime;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Resolves a streaming request to what runs on this node, as the kubelet's {@code findContainer} does: only running
 * containers count, so a container that has not started yet or has ended (a finished init container) is "not
 * found", in the kubelet's words.
 */
public final class StreamTargets {
  private final BiFunction<String, String, Optional<Pod>> pods;
  private final StatusManager status;
  private final ContainerRuntime runtime;

  public StreamTargets(BiFunction<String, String, Optional<Pod>> pods, StatusManager status, ContainerRuntime runtime) {
    this.pods = Objects.requireNonNull(pods, "pods");
    this.status = Objects.requireNonNull(status, "status");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  public ContainerRuntime runtime() {
    return runtime;
  }

  /** The running container {@code container} of pod {@code namespace/name}. */
  public StreamTarget container(String namespace, String name, String container) {
    Optional<Pod> found = pods.apply(namespace, name);
    if (found.isEmpty()) {
      return notFound(name);
    }
    Pod pod = found.get();
    PodStatus ps = status.find(pod.getMetadata().getUid()).orElse(pod.getStatus());
    List<ContainerStatus> all = new ArrayList<>();
    if (ps != null && ps.getInitContainerStatuses() != null) {
      all.addAll(ps.getInitContainerStatuses());
    }
    if (ps != null && ps.getContainerStatuses() != null) {
      all.addAll(ps.getContainerStatuses());
    }
    Optional<String> runningId = all.stream()
        .filter(s -> container.equals(s.getName()) && s.getState() != null && s.getState().getRunning() != null)
        .map(ContainerStatus::getContainerID).filter(id -> id != null && id.contains("://")).findFirst();
    if (runningId.isEmpty()) {
      return containerNotFound(container);
    }
    ContainerId id = new ContainerId(runningId.get().substring(runningId.get().indexOf("://") + 3));
    try {
      if (runtime.containerStatus(id).state() != ContainerState.RUNNING) {
        return containerNotFound(container);
      }
    } catch (SkiffException.NotFound e) {
      return containerNotFound(container);
    }
    return new StreamTarget.Container(id, spec(pod, container));
  }

  private static io.fabric8.kubernetes.api.model.Container spec(Pod pod, String name) {
    List<io.fabric8.kubernetes.api.model.Container> all = new ArrayList<>();
    if (pod.getSpec() != null) {
      all.addAll(Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.of()));
      all.addAll(Objects.requireNonNullElse(pod.getSpec().getContainers(), List.of()));
    }
    return all.stream().filter(c -> name.equals(c.getName())).findFirst().orElse(null);
  }

  /** The running sandbox of pod {@code namespace/name}. */
  public StreamTarget sandbox(String namespace, String name) {
    Optional<Pod> found = pods.apply(namespace, name);
    if (found.isEmpty()) {
      return notFound(name);
    }
    String uid = found.get().getMetadata().getUid();
    Optional<SandboxStatus> sandbox = runtime.listSandboxes().stream()
        .filter(s -> s.config().podUid().equals(uid) && s.state() == SandboxState.READY)
        .max(Comparator.comparingInt(s -> s.config().attempt()));
    if (sandbox.isEmpty()) {
      return new StreamTarget.Refused(400, "pod " + name + " is not running on this node (no ready sandbox)");
    }
    return new StreamTarget.Sandbox(sandbox.get().id(), name, uid);
  }

  private static StreamTarget notFound(String name) {
    return new StreamTarget.Refused(404, "pods \"" + name + "\" not found");
  }

  private static StreamTarget containerNotFound(String container) {
    return new StreamTarget.Refused(400, "container not found (\"" + container + "\")");
  }
}
